using System.Net;
using System.Security.Cryptography;
using HomeTelco.Torrent.Peers.Extensions;

namespace HomeTelco.Torrent.Tests.Peers;

public sealed class ExtensionCodecTests
{
    [Fact]
    public void ExtendedHandshake_EncodesCanonically_AndRoundTrips()
    {
        var ours = new ExtendedHandshake
        {
            Extensions = new Dictionary<string, byte> { ["ut_pex"] = 1, ["ut_metadata"] = 2 },
            Client = "HomeTelco 0.1",
            ListenPort = 6881,
            RequestQueue = 250,
            MetadataSize = 31235,
            YourIp = IPAddress.Parse("127.0.0.2"),
        };

        var bytes = ours.Encode();

        Assert.Equal(
            "d1:md11:ut_metadatai2e6:ut_pexi1ee13:metadata_sizei31235e1:pi6881e4:reqqi250e1:v13:HomeTelco 0.16:yourip4:\u007f\0\0\u0002e",
            System.Text.Encoding.Latin1.GetString(bytes));
        Assert.True(ExtendedHandshake.TryParse(bytes, out var read, out _));
        Assert.Equal(2, read!.IdOf("ut_metadata"));
        Assert.Equal(1, read.IdOf("ut_pex"));
        Assert.Equal(0, read.IdOf("lt_donthave"));
        Assert.Equal((6881, 250, 31235L, "HomeTelco 0.1"), (read.ListenPort, read.RequestQueue, read.MetadataSize, read.Client));
        Assert.Equal(IPAddress.Parse("127.0.0.2"), read.YourIp);
    }

    [Theory]
    [InlineData("le")]
    [InlineData("d1:md11:ut_metadatai2e")] // truncated
    [InlineData("i3e")]
    public void ExtendedHandshake_NotADictionary_IsRefused(string text)
    {
        Assert.False(ExtendedHandshake.TryParse(System.Text.Encoding.Latin1.GetBytes(text), out _, out var error));
        Assert.NotNull(error);
    }

    [Fact]
    public void ExtendedHandshake_OddValues_AreIgnoredNotFatal()
    {
        var bytes = "d1:md11:ut_metadatai999e6:ut_pex3:abce1:pi70000e6:yourip3:abce"u8.ToArray();

        Assert.True(ExtendedHandshake.TryParse(bytes, out var read, out _));

        Assert.Equal(0, read!.IdOf("ut_metadata"));
        Assert.Null(read.ListenPort);
        Assert.Null(read.YourIp);
    }

    [Fact]
    public void UtMetadata_Bep9Messages_RoundTrip()
    {
        var request = new UtMetadataMessage(UtMetadataType.Request, 0, 0, default).Encode();
        Assert.Equal("d8:msg_typei0e5:piecei0ee", System.Text.Encoding.ASCII.GetString(request));

        var data = new byte[100];
        var encoded = new UtMetadataMessage(UtMetadataType.Data, 1, 16384 + 100, data).Encode();
        Assert.StartsWith("d8:msg_typei1e5:piecei1e10:total_sizei16484ee", System.Text.Encoding.ASCII.GetString(encoded), StringComparison.Ordinal);
        Assert.True(UtMetadataMessage.TryParse(encoded, out var read, out _));
        Assert.Equal((UtMetadataType.Data, 1, 16484L, 100), (read.Type, read.Piece, read.TotalSize, read.Data.Length));
    }

    [Theory]
    [InlineData("d8:msg_typei1e5:piecei0e10:total_sizei20000eexxxx", "expected 16384")] // short data piece
    [InlineData("d8:msg_typei1e5:piecei0e10:total_sizei999999999eexx", "total_size")] // metadata over the limit
    [InlineData("d8:msg_typei1e5:piecei0ee", "total_size")] // data without a size
    [InlineData("d8:msg_typei7e5:piecei0ee", "out of range")]
    [InlineData("d8:msg_typei0e5:piecei-1ee", "out of range")]
    [InlineData("d8:msg_typei0e5:piecei0eexyz", "bytes after")]
    [InlineData("d5:piecei0ee", "msg_type")]
    public void UtMetadata_Malformed_IsRefused(string text, string reason)
    {
        Assert.False(UtMetadataMessage.TryParse(System.Text.Encoding.Latin1.GetBytes(text), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void MetadataDownload_AssemblesPieces_AndChecksTheInfoHash()
    {
        var info = RandomNumberGenerator.GetBytes(40_000);
#pragma warning disable CA5350
        var hash = InfoHash.FromBytes(SHA1.HashData(info));
#pragma warning restore CA5350
        var download = new MetadataDownload(hash, info.Length);
        Assert.Equal(3, download.PieceCount);
        for (var piece = 2; piece >= 0; piece--)
        {
            var slice = info.AsMemory(piece * 16384, UtMetadataMessage.ExpectedLength(info.Length, piece));
            Assert.True(download.TryAdd(new UtMetadataMessage(UtMetadataType.Data, piece, info.Length, slice), out _));
        }

        Assert.Equal(info, download.TryFinish());
    }

    [Fact]
    public void MetadataDownload_WrongData_IsForgottenAndStartsOver()
    {
        var info = RandomNumberGenerator.GetBytes(100);
        var download = new MetadataDownload(InfoHash.FromBytes(new byte[20]), info.Length);
        Assert.False(download.TryAdd(new UtMetadataMessage(UtMetadataType.Data, 0, 101, info), out _));
        Assert.True(download.TryAdd(new UtMetadataMessage(UtMetadataType.Data, 0, 100, info), out _));

        Assert.Null(download.TryFinish());

        Assert.False(download.IsComplete);
        Assert.Equal(0, download.NextMissing());
        Assert.Throws<ArgumentOutOfRangeException>(() => new MetadataDownload(InfoHash.FromBytes(new byte[20]), UtMetadataMessage.MaxMetadataSize + 1));
    }

    [Fact]
    public void Pex_Ipv4AndIpv6_RoundTripWithFlags()
    {
        var message = new PexMessage(
            [new PexPeer(IPEndPoint.Parse("10.0.0.1:6881"), PexMessage.FlagSeed), new PexPeer(IPEndPoint.Parse("[2001:db8::1]:51413"), PexMessage.FlagPrefersEncryption)],
            [IPEndPoint.Parse("10.0.0.9:1")]);

        var bytes = message.Encode();

        Assert.StartsWith("d5:added6:\n\0\0\u0001\u001a\u00e17:added.f1:\u0002", System.Text.Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        Assert.True(PexMessage.TryParse(bytes, out var read, out _));
        Assert.Equal(message.Added, read!.Added);
        Assert.Equal(message.Dropped, read.Dropped);
    }

    [Theory]
    [InlineData("d5:added5:abcdee", "not a multiple of 6")]
    [InlineData("d6:added67:abcdefge", "not a multiple of 18")]
    [InlineData("l5:addede", "not a dictionary")]
    public void Pex_Malformed_IsRefused(string text, string reason)
    {
        Assert.False(PexMessage.TryParse(System.Text.Encoding.Latin1.GetBytes(text), out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Pex_TooManyPeers_IsRefused()
    {
        var compact = new byte[(PexMessage.MaxPeersPerList + 1) * 6];
        var bytes = System.Text.Encoding.Latin1.GetBytes($"d5:added{compact.Length}:").Concat(compact).Concat("e"u8.ToArray()).ToArray();

        Assert.False(PexMessage.TryParse(bytes, out _, out var error));

        Assert.Contains("over", error, StringComparison.Ordinal);
    }
}
