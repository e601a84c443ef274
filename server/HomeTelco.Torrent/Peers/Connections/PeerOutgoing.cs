using HomeTelco.Torrent.Peers.Wire;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>
/// One queued message: a small value the writer encodes straight into the socket's pipe. A payload
/// (piece block, bitfield, extended message) is memory the sender keeps alive; a pooled one is returned
/// to <see cref="System.Buffers.ArrayPool{T}.Shared"/> after it is written.
/// </summary>
internal readonly record struct PeerOutgoing(
    PeerMessageId Id,
    int Index = 0,
    int Begin = 0,
    int Length = 0,
    ReadOnlyMemory<byte> Payload = default,
    byte[]? Pooled = null,
    byte ExtendedId = 0);
