using System.Net;
using HomeTelco.Torrent.Peers.Encryption;
using HomeTelco.Torrent.Peers.Wire;

namespace HomeTelco.Torrent.Tests.Peers;

public sealed class WireVectorTests
{
    [Fact]
    public void AllowedFast_Bep6Example_GivesThePublishedPieces()
    {
        // BEP 6: 1313 pieces, peer 80.4.4.200, info-hash of twenty 0xaa bytes.
        var infoHash = InfoHash.FromBytes(Enumerable.Repeat((byte)0xaa, 20).ToArray());
        var seven = new int[7];
        var nine = new int[9];

        Assert.Equal(7, AllowedFastSet.Generate(IPAddress.Parse("80.4.4.200"), infoHash, 1313, seven));
        Assert.Equal(9, AllowedFastSet.Generate(IPAddress.Parse("80.4.4.200"), infoHash, 1313, nine));

        Assert.Equal([1059, 431, 808, 1217, 287, 376, 1188], seven);
        Assert.Equal([1059, 431, 808, 1217, 287, 376, 1188, 353, 508], nine);
    }

    [Fact]
    public void AllowedFast_SameSlash24_SameSet_AndTinyTorrentsEnd()
    {
        var infoHash = InfoHash.FromBytes(new byte[20]);
        var a = new int[10];
        var b = new int[10];
        AllowedFastSet.Generate(IPAddress.Parse("10.1.2.3"), infoHash, 500, a);
        AllowedFastSet.Generate(IPAddress.Parse("10.1.2.250"), infoHash, 500, b);
        Assert.Equal(a, b);

        var few = new int[10];
        Assert.Equal(3, AllowedFastSet.Generate(IPAddress.Parse("10.1.2.3"), infoHash, 3, few));
        Assert.Equal([0, 1, 2], few[..3].Order());
        Assert.Equal(0, AllowedFastSet.Generate(IPAddress.IPv6Loopback, infoHash, 500, few));
    }

    [Theory]
    [InlineData("Key", "Plaintext", "bbf316e8d940af0ad3")]
    [InlineData("Wiki", "pedia", "1021bf0420")]
    [InlineData("Secret", "Attack at dawn", "45a01f645fc35b383552544b9bf5")]
    public void Rc4_PublishedVectors(string key, string plaintext, string cipherHex)
    {
        var data = System.Text.Encoding.ASCII.GetBytes(plaintext);

        new Rc4(System.Text.Encoding.ASCII.GetBytes(key)).Apply(data);

        Assert.Equal(cipherHex, Convert.ToHexStringLower(data));
    }

    [Fact]
    public void Rc4_InPieces_EqualsInOneGo()
    {
        var whole = new byte[3000];
        var split = new byte[3000];
        new Rc4("k"u8).Apply(whole);
        var rc4 = new Rc4("k"u8);
        rc4.Discard(1000);
        rc4.Apply(split.AsSpan(1000, 7));
        rc4.Apply(split.AsSpan(1007));
        Assert.Equal(whole[1000..], split[1000..]);
    }

    [Fact]
    public void Handshake_RoundTrips_WithReservedBits()
    {
        var id = PeerIdBytes.FromSpan(PeerId.Create());
        var infoHash = InfoHash.FromBytes(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());
        var ours = new PeerHandshake(PeerHandshake.ExtensionProtocolBit | PeerHandshake.FastExtensionBit, infoHash, id);
        var bytes = new byte[PeerHandshake.Length];

        ours.WriteTo(bytes);

        Assert.Equal(19, bytes[0]);
        Assert.Equal(0x10, bytes[25]);
        Assert.Equal(0x04, bytes[27]);
        Assert.True(PeerHandshake.TryRead(bytes, out var read, out _));
        Assert.Equal(ours, read);
        Assert.True(read.SupportsExtensions && read.SupportsFast && !read.SupportsDht);
        Assert.Equal("-HT0100-", read.PeerId.Client);
    }

    [Theory]
    [InlineData("GET / HTTP/1.1\r\nHost: x\r\n\r\n0123456789012345678901234567890123456789012")]
    [InlineData("\u0013BitTorrent protocoX0123456789012345678901234567890123456789012345678")]
    [InlineData("short")]
    public void Handshake_Garbage_IsRefusedWithAReason(string text)
    {
        Assert.False(PeerHandshake.TryRead(System.Text.Encoding.Latin1.GetBytes(text), out _, out var error));
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void PeerId_IsAzureusStyle_AndRandom()
    {
        var a = PeerId.Create();
        var b = PeerId.Create();
        Assert.Equal("-HT0100-"u8.ToArray(), a[..8]);
        Assert.Equal(20, a.Length);
        Assert.NotEqual(a, b);
    }
}
