using System.Buffers;
using HomeTelco.Torrent.Peers.Extensions;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Pieces;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>
/// What the engine sends. Every method queues and returns at once; false means the bounded queue is full
/// (or the connection closed) and nothing was queued, so the engine backs off instead of piling up memory.
/// </summary>
internal sealed partial class PeerConnection
{
    /// <summary>The peer's extended handshake, once received (BEP 10).</summary>
    public ExtendedHandshake? RemoteExtensions { get; private set; }

    /// <summary>Choke the peer.</summary>
    public bool SendChoke()
    {
        AmChoking = true;
        return Enqueue(new PeerOutgoing(PeerMessageId.Choke));
    }

    /// <summary>Unchoke the peer.</summary>
    public bool SendUnchoke()
    {
        AmChoking = false;
        return Enqueue(new PeerOutgoing(PeerMessageId.Unchoke));
    }

    /// <summary>Say we want something the peer has.</summary>
    public bool SendInterested()
    {
        AmInterested = true;
        return Enqueue(new PeerOutgoing(PeerMessageId.Interested));
    }

    /// <summary>Say we want nothing more from the peer.</summary>
    public bool SendNotInterested()
    {
        AmInterested = false;
        return Enqueue(new PeerOutgoing(PeerMessageId.NotInterested));
    }

    /// <summary>Announce a piece we completed.</summary>
    public bool SendHave(int index) => Enqueue(new PeerOutgoing(PeerMessageId.Have, index));

    /// <summary>Ask for a block (at most 16 KiB).</summary>
    public bool SendRequest(int index, int begin, int length) => Enqueue(new PeerOutgoing(PeerMessageId.Request, index, begin, length));

    /// <summary>Withdraw a request.</summary>
    public bool SendCancel(int index, int begin, int length) => Enqueue(new PeerOutgoing(PeerMessageId.Cancel, index, begin, length));

    /// <summary>Refuse a request (BEP 6; only when the fast extension is on).</summary>
    public bool SendReject(int index, int begin, int length) =>
        FastEnabled && Enqueue(new PeerOutgoing(PeerMessageId.RejectRequest, index, begin, length));

    /// <summary>Let the peer request this piece while choked (BEP 6).</summary>
    public bool SendAllowedFast(int index) => FastEnabled && Enqueue(new PeerOutgoing(PeerMessageId.AllowedFast, index));

    /// <summary>Suggest a piece (BEP 6).</summary>
    public bool SendSuggest(int index) => FastEnabled && Enqueue(new PeerOutgoing(PeerMessageId.Suggest, index));

    /// <summary>Our DHT port (BEP 5).</summary>
    public bool SendPort(ushort port) => Enqueue(new PeerOutgoing(PeerMessageId.Port, Length: port));

    /// <summary>
    /// Sends a block. <paramref name="pooled"/>, when given, is the array behind <paramref name="block"/>: it goes back
    /// to the shared pool once written (or refused), so the engine can read from disk into pooled buffers.
    /// </summary>
    public bool SendPiece(int index, int begin, ReadOnlyMemory<byte> block, byte[]? pooled = null) =>
        Enqueue(new PeerOutgoing(PeerMessageId.Piece, index, begin, block.Length, block, pooled));

    /// <summary>
    /// Our pieces as the first message: have-all or have-none when the fast extension is on and they fit
    /// (BEP 6), else the bitfield (sent even when empty: some clients wait for it).
    /// </summary>
    public bool SendBitfield(Bitfield ours)
    {
        if (FastEnabled && ours.IsComplete)
        {
            return Enqueue(new PeerOutgoing(PeerMessageId.HaveAll));
        }

        if (FastEnabled && ours.Count == 0)
        {
            return Enqueue(new PeerOutgoing(PeerMessageId.HaveNone));
        }

        var wire = ArrayPool<byte>.Shared.Rent(ours.WireLength);
        ours.WriteTo(wire);
        return Enqueue(new PeerOutgoing(PeerMessageId.Bitfield, Payload: wire.AsMemory(0, ours.WireLength), Pooled: wire));
    }

    /// <summary>Sends our extended handshake (only when both sides speak BEP 10).</summary>
    public bool SendExtendedHandshake(ExtendedHandshake ours) =>
        ExtensionsEnabled && Enqueue(new PeerOutgoing(PeerMessageId.Extended, Payload: ours.Encode(), ExtendedId: 0));

    /// <summary>
    /// Sends an extension message under the peer's id for <paramref name="extension"/>; false when the peer did not
    /// announce that extension.
    /// </summary>
    public bool SendExtended(string extension, ReadOnlyMemory<byte> payload)
    {
        var id = RemoteExtensions?.IdOf(extension) ?? 0;
        return id != 0 && Enqueue(new PeerOutgoing(PeerMessageId.Extended, Payload: payload, ExtendedId: id));
    }

    // Extended messages: the handshake updates our view of the peer; the rest is the engine's business.
    private string? OnExtended(in PeerMessage message)
    {
        if (message.ExtendedId != 0)
        {
            return null;
        }

        if (!ExtendedHandshake.TryParse(message.Payload.ToArray(), out var handshake, out var error))
        {
            return error;
        }

        RemoteExtensions = handshake;
        return null;
    }
}
