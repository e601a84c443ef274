using System.Buffers;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Pieces;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>Checking each received message against the protocol and the torrent, and keeping the peer's state.</summary>
internal sealed partial class PeerConnection
{
    // Returns why the peer must be dropped, or null when the message was fine and has been reported.
    private string? Handle(in PeerMessage message)
    {
        if (message.Id == PeerMessageId.KeepAlive)
        {
            return null;
        }

        // BEP 3 wants the bitfield (BEP 6: or have all/none) first; clients send the BEP 10 handshake (and the DHT
        // port) before it, so only the core messages count as "others".
        var first = _firstOther is null;
        if (first && message.Id is not (PeerMessageId.Extended or PeerMessageId.Port or PeerMessageId.AllowedFast or PeerMessageId.Suggest))
        {
            _firstOther = message.Id;
        }
        var error = message.Id switch
        {
            PeerMessageId.Choke => SetPeerChoking(true),
            PeerMessageId.Unchoke => SetPeerChoking(false),
            PeerMessageId.Interested => SetPeerInterested(true),
            PeerMessageId.NotInterested => SetPeerInterested(false),
            PeerMessageId.Have => OnHave(message.Index),
            // aria2c sends have-none and then a bitfield; a bitfield that restates have all/none replaces it.
            PeerMessageId.Bitfield => first || _firstOther is PeerMessageId.HaveNone or PeerMessageId.HaveAll ? OnBitfield(message.Payload) : $"bitfield after {_firstOther}",
            PeerMessageId.HaveAll or PeerMessageId.HaveNone => OnHaveAllOrNone(message.Id, first),
            PeerMessageId.Request => CheckBlock(message),
            PeerMessageId.Cancel => null,
            PeerMessageId.Piece => CheckBlock(message),
            PeerMessageId.Suggest or PeerMessageId.AllowedFast => FastEnabled ? CheckIndex(message) : FastOnly(message.Id),
            PeerMessageId.RejectRequest => FastEnabled ? CheckBlock(message) : FastOnly(message.Id),
            PeerMessageId.Extended => ExtensionsEnabled ? OnExtended(message) : "extended message without the extension protocol",
            _ => null,
        };
        if (error is not null)
        {
            return error;
        }

        if (message.Id == PeerMessageId.Piece)
        {
            // The payload lives in the pipe's buffer only until we advance; the handler gets its own pooled copy.
            var rented = ArrayPool<byte>.Shared.Rent(message.Length);
            message.Payload.CopyTo(rented);
            _handler.OnBlock(this, new PeerBlock(message.Index, message.Begin, rented, message.Length));
        }
        else
        {
            _handler.OnMessage(this, message);
        }

        return null;
    }

    private string? SetPeerChoking(bool choking)
    {
        PeerChoking = choking;
        return null;
    }

    private string? SetPeerInterested(bool interested)
    {
        PeerInterested = interested;
        return null;
    }

    private string? OnHave(int index)
    {
        if (PeerBitfield is null)
        {
            return null;
        }

        if (index >= PeerBitfield.Length)
        {
            return $"have for piece {index} of {PeerBitfield.Length}";
        }

        PeerBitfield.Set(index);
        return null;
    }

    private string? OnBitfield(ReadOnlySequence<byte> payload)
    {
        if (_shape is null)
        {
            return null;
        }

        byte[]? rented = null;
        var span = payload.IsSingleSegment ? payload.FirstSpan : (rented = ArrayPool<byte>.Shared.Rent((int)payload.Length)).AsSpan(0, (int)payload.Length);
        try
        {
            if (rented is not null)
            {
                payload.CopyTo(rented);
            }

            if (!Bitfield.TryRead(span, _shape.PieceCount, out var bitfield))
            {
                return "bitfield with spare bits set";
            }

            PeerBitfield = bitfield;
            return null;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private string? OnHaveAllOrNone(PeerMessageId id, bool first)
    {
        if (!FastEnabled)
        {
            return FastOnly(id);
        }

        // A peer that completes its download may restate have-all; only a real message before it is a violation.
        if (!first && _firstOther is not (PeerMessageId.HaveNone or PeerMessageId.HaveAll))
        {
            return $"{id} after {_firstOther}";
        }

        if (id == PeerMessageId.HaveAll)
        {
            _peerHasAll = true;
            PeerBitfield?.SetAll();
        }

        return null;
    }

    private string? CheckIndex(in PeerMessage message)
    {
        if (_shape is not null && (uint)message.Index >= (uint)_shape.PieceCount)
        {
            return $"{message.Id} for piece {message.Index} of {_shape.PieceCount}";
        }

        return null;
    }

    private string? CheckBlock(in PeerMessage message)
    {
        if (_shape is null)
        {
            return message.Id == PeerMessageId.Piece ? "piece before we know the torrent's pieces" : null;
        }

        if (!_shape.Contains(message.Index, message.Begin, message.Length))
        {
            return $"{message.Id} for {message.Length} bytes at {message.Begin} of piece {message.Index}, outside the piece";
        }

        return null;
    }

    private static string FastOnly(PeerMessageId id) => $"{id} without the fast extension";
}
