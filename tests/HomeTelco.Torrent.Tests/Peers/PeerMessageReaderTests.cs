using System.Buffers;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Pieces;

namespace HomeTelco.Torrent.Tests.Peers;

public sealed class PeerMessageReaderTests
{
    private static readonly PeerWireLimits Limits = new(PieceCount: 20);

    public static TheoryData<string, int> Golden => new()
    {
        { "00000000", (int)PeerMessageId.KeepAlive },
        { "0000000100", (int)PeerMessageId.Choke },
        { "0000000101", (int)PeerMessageId.Unchoke },
        { "0000000102", (int)PeerMessageId.Interested },
        { "0000000103", (int)PeerMessageId.NotInterested },
        { "000000050400000007", (int)PeerMessageId.Have },
        { "0000000405fffff0", (int)PeerMessageId.Bitfield },
        { "0000000d06000000070000400000004000", (int)PeerMessageId.Request },
        { "0000000b0700000007000040000a0b", (int)PeerMessageId.Piece },
        { "0000000d08000000070000400000004000", (int)PeerMessageId.Cancel },
        { "00000003091ae1", (int)PeerMessageId.Port },
        { "000000050d00000002", (int)PeerMessageId.Suggest },
        { "000000010e", (int)PeerMessageId.HaveAll },
        { "000000010f", (int)PeerMessageId.HaveNone },
        { "0000000d10000000070000400000004000", (int)PeerMessageId.RejectRequest },
        { "000000051100000003", (int)PeerMessageId.AllowedFast },
        { "000000051401646565", (int)PeerMessageId.Extended },
    };

    [Theory]
    [MemberData(nameof(Golden))]
    public void TryRead_GoldenBytes_GivesTheMessageAndConsumesItExactly(string hex, int id)
    {
        var bytes = Convert.FromHexString(hex + "ff"); // one byte of the next message must stay
        var buffer = new ReadOnlySequence<byte>(bytes);

        Assert.Equal(PeerReadStatus.Complete, PeerMessageReader.TryRead(ref buffer, Limits, out var message, out var error));

        Assert.Null(error);
        Assert.Equal((PeerMessageId)id, message.Id);
        Assert.Equal(1, buffer.Length);
    }

    [Theory]
    [MemberData(nameof(Golden))]
    public void TryRead_EveryPrefix_IsIncomplete(string hex, int id)
    {
        _ = id;
        var bytes = Convert.FromHexString(hex);
        for (var length = 0; length < bytes.Length; length++)
        {
            var buffer = new ReadOnlySequence<byte>(bytes, 0, length);
            Assert.Equal(PeerReadStatus.Incomplete, PeerMessageReader.TryRead(ref buffer, Limits, out _, out _));
            Assert.Equal(length, buffer.Length);
        }
    }

    [Fact]
    public void TryRead_Fields_AreBigEndian()
    {
        var buffer = Sequence("0000000d06000000070000400000004000");
        PeerMessageReader.TryRead(ref buffer, Limits, out var request, out _);
        Assert.Equal((7, 0x4000, 0x4000), (request.Index, request.Begin, request.Length));

        buffer = Sequence("0000000b0700000007000040000a0b");
        PeerMessageReader.TryRead(ref buffer, Limits, out var piece, out _);
        Assert.Equal((7, 0x4000, 2), (piece.Index, piece.Begin, piece.Length));
        Assert.Equal([0x0a, 0x0b], piece.Payload.ToArray());

        buffer = Sequence("00000003091ae1");
        PeerMessageReader.TryRead(ref buffer, Limits, out var port, out _);
        Assert.Equal(6881, port.Length);

        buffer = Sequence("000000051401646565");
        PeerMessageReader.TryRead(ref buffer, Limits, out var extended, out _);
        Assert.Equal(1, extended.ExtendedId);
        Assert.Equal("dee"u8.ToArray(), extended.Payload.ToArray());
    }

    [Fact]
    public void TryRead_MessageSplitAcrossSegments_IsReadWhole()
    {
        var bytes = Convert.FromHexString("0000000b0700000007000040000a0b");
        for (var split = 1; split < bytes.Length; split++)
        {
            var buffer = Segments.Of(bytes[..split], bytes[split..]);
            Assert.Equal(PeerReadStatus.Complete, PeerMessageReader.TryRead(ref buffer, Limits, out var message, out _));
            Assert.Equal([0x0a, 0x0b], message.Payload.ToArray());
        }
    }

    [Theory]
    [InlineData("7fffffff", "over the")] // a 2 GiB message announced: refused on the prefix alone
    [InlineData("ffffffff", "over the")] // negative as a signed length
    [InlineData("0000000d06000000070000000000008000", "outside 1..16384")] // a 32 KiB request
    [InlineData("0000000d06000000070000000000000000", "outside 1..16384")] // a zero-length request
    [InlineData("000000020000", "must be 1")] // choke with a payload
    [InlineData("000000060400000007ff", "must be 5")] // have with an extra byte
    [InlineData("0000000c060000000700004000000040", "must be 13")] // short request
    [InlineData("0000000505fffff0ffff", "must be 4")] // bitfield of the wrong size for 20 pieces
    [InlineData("000040220700000000000000", "allowed 9..16393")] // piece larger than a block
    [InlineData("0000000114", "allowed 2..")] // extended without its id byte
    [InlineData("000000050480000000", "negative")] // have with index 2^31
    public void TryRead_HostileOrMalformed_IsInvalidWithAReason(string hex, string reason)
    {
        var buffer = Sequence(hex);

        Assert.Equal(PeerReadStatus.Invalid, PeerMessageReader.TryRead(ref buffer, Limits, out _, out var error));

        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryRead_UnknownId_IsReturnedToBeIgnored()
    {
        var buffer = Sequence("00000003630102");

        Assert.Equal(PeerReadStatus.Complete, PeerMessageReader.TryRead(ref buffer, Limits, out var message, out _));

        Assert.Equal((PeerMessageId)0x63, message.Id);
        Assert.Equal(0, buffer.Length);
    }

    [Fact]
    public void Writer_EveryMessage_RoundTripsThroughTheReader_AtAnOffset()
    {
        var bitfield = new Bitfield(20);
        bitfield.Set(0);
        bitfield.Set(19);
        var block = new byte[] { 1, 2, 3 };
        var writes = new (Func<byte[], int> Write, PeerMessageId Id)[]
        {
            (d => PeerMessageWriter.KeepAlive(d.AsSpan(3)), PeerMessageId.KeepAlive),
            (d => PeerMessageWriter.Simple(d.AsSpan(3), PeerMessageId.Unchoke), PeerMessageId.Unchoke),
            (d => PeerMessageWriter.Indexed(d.AsSpan(3), PeerMessageId.Have, 19), PeerMessageId.Have),
            (d => PeerMessageWriter.Block(d.AsSpan(3), PeerMessageId.Request, 19, 16384, 100), PeerMessageId.Request),
            (d => PeerMessageWriter.Bitfield(d.AsSpan(3), bitfield), PeerMessageId.Bitfield),
            (d => PeerMessageWriter.Port(d.AsSpan(3), 6881), PeerMessageId.Port),
            (d => PeerMessageWriter.Extended(d.AsSpan(3), 2, "de"u8), PeerMessageId.Extended),
            (d =>
            {
                var n = PeerMessageWriter.PieceHeader(d.AsSpan(3), 19, 16384, block.Length);
                block.CopyTo(d, 3 + n);
                return n + block.Length;
            }, PeerMessageId.Piece),
        };

        foreach (var (write, id) in writes)
        {
            var destination = new byte[64];
            Array.Fill(destination, (byte)0xFF);
            var count = write(destination);
            Assert.True(destination.AsSpan(3 + count).IndexOfAnyExcept((byte)0xFF) < 0, $"{id} wrote past its count");
            Assert.Equal([0xFF, 0xFF, 0xFF], destination[..3]);
            var buffer = new ReadOnlySequence<byte>(destination, 3, count);
            Assert.Equal(PeerReadStatus.Complete, PeerMessageReader.TryRead(ref buffer, Limits, out var message, out var error));
            Assert.Null(error);
            Assert.Equal(id, message.Id);
            Assert.Equal(0, buffer.Length);
        }
    }

    private static ReadOnlySequence<byte> Sequence(string hex) => new(Convert.FromHexString(hex));
}
