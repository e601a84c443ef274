using System.Buffers;

namespace HomeTelco.Torrent.Peers.Wire;

/// <summary>
/// One framed message as the reader saw it. Which fields mean something depends on <see cref="Id"/>:
/// Index for have/suggest/allowed-fast, Index+Begin+Length for request/cancel/reject, Index+Begin and
/// <see cref="Payload"/> for piece, <see cref="Payload"/> for bitfield and extended, Port for port.
/// The payload points into the reader's buffer: it is valid only until the handler returns.
/// </summary>
internal readonly struct PeerMessage
{
    public PeerMessage(PeerMessageId id, int index = 0, int begin = 0, int length = 0, ReadOnlySequence<byte> payload = default, byte extendedId = 0)
    {
        Id = id;
        Index = index;
        Begin = begin;
        Length = length;
        Payload = payload;
        ExtendedId = extendedId;
    }

    /// <summary>What the message is.</summary>
    public PeerMessageId Id { get; }

    /// <summary>Piece index (have, request, piece, cancel, suggest, reject, allowed fast).</summary>
    public int Index { get; }

    /// <summary>Byte offset in the piece (request, piece, cancel, reject).</summary>
    public int Begin { get; }

    /// <summary>Block length (request, cancel, reject); the port number for port.</summary>
    public int Length { get; }

    /// <summary>Bitfield bytes, the piece's block, or the extended message after its id byte.</summary>
    public ReadOnlySequence<byte> Payload { get; }

    /// <summary>The BEP 10 extended message id (0 = extended handshake).</summary>
    public byte ExtendedId { get; }
}
