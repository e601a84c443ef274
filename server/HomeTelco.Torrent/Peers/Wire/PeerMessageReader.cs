using System.Buffers;

namespace HomeTelco.Torrent.Peers.Wire;

/// <summary>What one framing attempt found.</summary>
internal enum PeerReadStatus
{
    /// <summary>A whole message was read and the buffer advanced past it.</summary>
    Complete,

    /// <summary>More bytes are needed; nothing was consumed.</summary>
    Incomplete,

    /// <summary>The peer broke the protocol; the error says how. Close the connection.</summary>
    Invalid,
}

/// <summary>
/// Frames BEP 3 messages (4-byte big-endian length, 1-byte id, payload) out of a byte sequence. A pure
/// function: no allocation, no I/O; limits are checked on the length prefix before any payload arrives,
/// so a hostile 4 GiB prefix costs four bytes, not four gigabytes.
/// </summary>
internal static class PeerMessageReader
{
    /// <summary>
    /// Reads one message from the start of <paramref name="buffer"/>. On <see cref="PeerReadStatus.Complete"/>
    /// <paramref name="buffer"/> is sliced past it and <paramref name="message"/>'s payload points into the old buffer.
    /// </summary>
    public static PeerReadStatus TryRead(ref ReadOnlySequence<byte> buffer, PeerWireLimits limits, out PeerMessage message, out string? error)
    {
        message = default;
        error = null;
        var reader = new SequenceReader<byte>(buffer);
        if (!reader.TryReadBigEndian(out int length))
        {
            return PeerReadStatus.Incomplete;
        }

        if (length == 0)
        {
            message = new PeerMessage(PeerMessageId.KeepAlive);
            buffer = buffer.Slice(4);
            return PeerReadStatus.Complete;
        }

        var largest = Math.Max(limits.MaxLengthFor(PeerMessageId.Piece), Math.Max(limits.MaxLengthFor(PeerMessageId.Bitfield), limits.MaxMessageLength));
        if (length < 0 || length > largest)
        {
            error = $"message length {(uint)length} is over the {largest}-byte limit";
            return PeerReadStatus.Invalid;
        }

        if (!reader.TryRead(out var idByte))
        {
            return PeerReadStatus.Incomplete;
        }

        var id = (PeerMessageId)idByte;
        if (!LengthFits(id, length, limits, out error))
        {
            return PeerReadStatus.Invalid;
        }

        if (reader.Remaining < length - 1)
        {
            return PeerReadStatus.Incomplete;
        }

        var status = ReadBody(ref reader, id, length - 1, limits, out message, out error);
        if (status == PeerReadStatus.Complete)
        {
            buffer = buffer.Slice(4 + length);
        }

        return status;
    }

    private static bool LengthFits(PeerMessageId id, int length, PeerWireLimits limits, out string? error)
    {
        var (min, max) = id switch
        {
            PeerMessageId.Choke or PeerMessageId.Unchoke or PeerMessageId.Interested or PeerMessageId.NotInterested
                or PeerMessageId.HaveAll or PeerMessageId.HaveNone => (1, 1),
            PeerMessageId.Have or PeerMessageId.Suggest or PeerMessageId.AllowedFast => (5, 5),
            PeerMessageId.Request or PeerMessageId.Cancel or PeerMessageId.RejectRequest => (13, 13),
            PeerMessageId.Port => (3, 3),
            PeerMessageId.Piece => (9, limits.MaxLengthFor(PeerMessageId.Piece)),
            PeerMessageId.Bitfield when limits.PieceCount > 0 => (limits.MaxLengthFor(PeerMessageId.Bitfield), limits.MaxLengthFor(PeerMessageId.Bitfield)),
            PeerMessageId.Bitfield => (1, limits.MaxLengthFor(PeerMessageId.Bitfield)),
            PeerMessageId.Extended => (2, limits.MaxMessageLength),
            _ => (1, limits.MaxMessageLength),
        };
        if (length < min || length > max)
        {
            error = min == max
                ? $"message {id} has length {length}, must be {min}"
                : $"message {id} has length {length}, allowed {min}..{max}";
            return false;
        }

        error = null;
        return true;
    }

    private static PeerReadStatus ReadBody(ref SequenceReader<byte> reader, PeerMessageId id, int payloadLength, PeerWireLimits limits, out PeerMessage message, out string? error)
    {
        error = null;
        var start = reader.Position;
        int index = 0, begin = 0, length = 0;
        switch (id)
        {
            case PeerMessageId.Have or PeerMessageId.Suggest or PeerMessageId.AllowedFast:
                reader.TryReadBigEndian(out index);
                break;
            case PeerMessageId.Request or PeerMessageId.Cancel or PeerMessageId.RejectRequest:
                reader.TryReadBigEndian(out index);
                reader.TryReadBigEndian(out begin);
                reader.TryReadBigEndian(out length);
                if (length <= 0 || length > limits.MaxBlockLength)
                {
                    message = default;
                    error = $"{id} for {(uint)length} bytes, outside 1..{limits.MaxBlockLength}";
                    return PeerReadStatus.Invalid;
                }

                break;
            case PeerMessageId.Piece:
                reader.TryReadBigEndian(out index);
                reader.TryReadBigEndian(out begin);
                message = new PeerMessage(id, index, begin, payloadLength - 8, reader.UnreadSequence.Slice(0, payloadLength - 8));
                return Checked(message, out error);
            case PeerMessageId.Port:
                reader.TryReadBigEndian(out short port);
                length = (ushort)port;
                break;
            case PeerMessageId.Extended:
                reader.TryRead(out var extendedId);
                message = new PeerMessage(id, payload: reader.UnreadSequence.Slice(0, payloadLength - 1), extendedId: extendedId);
                return PeerReadStatus.Complete;
            case PeerMessageId.Choke or PeerMessageId.Unchoke or PeerMessageId.Interested or PeerMessageId.NotInterested
                or PeerMessageId.HaveAll or PeerMessageId.HaveNone:
                break;
            default:
                // Bitfield, and ids we do not know (BEP 3: ignore them): the payload as it is.
                message = new PeerMessage(id, payload: reader.Sequence.Slice(start, payloadLength));
                return PeerReadStatus.Complete;
        }

        message = new PeerMessage(id, index, begin, length);
        return Checked(message, out error);
    }

    private static PeerReadStatus Checked(in PeerMessage message, out string? error)
    {
        if (message.Index < 0 || message.Begin < 0)
        {
            error = $"{message.Id} with negative index or offset";
            return PeerReadStatus.Invalid;
        }

        error = null;
        return PeerReadStatus.Complete;
    }
}
