using System.Buffers.Binary;
using HomeTelco.Torrent.Pieces;

namespace HomeTelco.Torrent.Peers.Wire;

/// <summary>
/// Encodes BEP 3/5/6/10 messages into a caller's span and returns the bytes written. No allocation:
/// the connection's writer calls these straight into its pipe's buffer.
/// </summary>
internal static class PeerMessageWriter
{
    /// <summary>Bytes of a request, cancel or reject.</summary>
    public const int BlockMessageLength = 17;

    /// <summary>Bytes of a piece message before its block.</summary>
    public const int PieceHeaderLength = 13;

    /// <summary>A keep-alive: four zero bytes.</summary>
    public static int KeepAlive(Span<byte> destination)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 0);
        return 4;
    }

    /// <summary>A message with no payload: choke, unchoke, interested, not interested, have all, have none.</summary>
    public static int Simple(Span<byte> destination, PeerMessageId id)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 1);
        destination[4] = (byte)id;
        return 5;
    }

    /// <summary>A message with one piece index: have, suggest, allowed fast.</summary>
    public static int Indexed(Span<byte> destination, PeerMessageId id, int index)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 5);
        destination[4] = (byte)id;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], index);
        return 9;
    }

    /// <summary>Request, cancel or reject request: index, begin, length.</summary>
    public static int Block(Span<byte> destination, PeerMessageId id, int index, int begin, int length)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 13);
        destination[4] = (byte)id;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], index);
        BinaryPrimitives.WriteInt32BigEndian(destination[9..], begin);
        BinaryPrimitives.WriteInt32BigEndian(destination[13..], length);
        return BlockMessageLength;
    }

    /// <summary>The header of a piece message; the caller writes <paramref name="blockLength"/> bytes of block after it.</summary>
    public static int PieceHeader(Span<byte> destination, int index, int begin, int blockLength)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 9 + blockLength);
        destination[4] = (byte)PeerMessageId.Piece;
        BinaryPrimitives.WriteInt32BigEndian(destination[5..], index);
        BinaryPrimitives.WriteInt32BigEndian(destination[9..], begin);
        return PieceHeaderLength;
    }

    /// <summary>A bitfield message with the bitfield's wire form.</summary>
    public static int Bitfield(Span<byte> destination, Bitfield bitfield)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 1 + bitfield.WireLength);
        destination[4] = (byte)PeerMessageId.Bitfield;
        bitfield.WriteTo(destination.Slice(5, bitfield.WireLength));
        return 5 + bitfield.WireLength;
    }

    /// <summary>The BEP 5 port message.</summary>
    public static int Port(Span<byte> destination, ushort port)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 3);
        destination[4] = (byte)PeerMessageId.Port;
        BinaryPrimitives.WriteUInt16BigEndian(destination[5..], port);
        return 7;
    }

    /// <summary>A BEP 10 extended message: header, the extended id, then <paramref name="payload"/>.</summary>
    public static int Extended(Span<byte> destination, byte extendedId, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteInt32BigEndian(destination, 2 + payload.Length);
        destination[4] = (byte)PeerMessageId.Extended;
        destination[5] = extendedId;
        payload.CopyTo(destination[6..]);
        return 6 + payload.Length;
    }
}
