using System.Buffers.Binary;

namespace HomeTelco.Torrent.Peers.Wire;

/// <summary>
/// The BEP 3 handshake: 19, "BitTorrent protocol", 8 reserved bytes, the info-hash, the peer id (68 bytes).
/// The reserved bits announce BEP 10 (byte 5, 0x10), BEP 6 (byte 7, 0x04) and BEP 5 DHT (byte 7, 0x01).
/// </summary>
internal readonly record struct PeerHandshake(ulong Reserved, InfoHash InfoHash, PeerIdBytes PeerId)
{
    /// <summary>Bytes on the wire.</summary>
    public const int Length = 68;

    /// <summary>Reserved bit of the extension protocol: byte 5, 0x10.</summary>
    public const ulong ExtensionProtocolBit = 0x10UL << 16;

    /// <summary>Reserved bit of the fast extension: byte 7, 0x04.</summary>
    public const ulong FastExtensionBit = 0x04UL;

    /// <summary>Reserved bit of the DHT: byte 7, 0x01.</summary>
    public const ulong DhtBit = 0x01UL;

    /// <summary>"\x13BitTorrent protocol": the first 20 bytes, also how a listener tells plaintext from MSE.</summary>
    public static ReadOnlySpan<byte> Protocol => "\u0013BitTorrent protocol"u8;

    /// <summary>Whether the peer announced the extension protocol.</summary>
    public bool SupportsExtensions => (Reserved & ExtensionProtocolBit) != 0;

    /// <summary>Whether the peer announced the fast extension.</summary>
    public bool SupportsFast => (Reserved & FastExtensionBit) != 0;

    /// <summary>Whether the peer announced the DHT.</summary>
    public bool SupportsDht => (Reserved & DhtBit) != 0;

    /// <summary>Reads a handshake from exactly <see cref="Length"/> bytes; false with a reason on anything else.</summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out PeerHandshake handshake, out string? error)
    {
        handshake = default;
        if (data.Length < Length)
        {
            error = $"handshake is {data.Length} bytes, needs {Length}";
            return false;
        }

        if (!data[..Protocol.Length].SequenceEqual(Protocol))
        {
            error = "handshake does not start with \\x13BitTorrent protocol";
            return false;
        }

        var reserved = BinaryPrimitives.ReadUInt64BigEndian(data[20..]);
        handshake = new PeerHandshake(reserved, InfoHash.FromBytes(data[28..48]), PeerIdBytes.FromSpan(data[48..68]));
        error = null;
        return true;
    }

    /// <summary>Writes the 68 bytes into <paramref name="destination"/>; returns the count.</summary>
    public int WriteTo(Span<byte> destination)
    {
        Protocol.CopyTo(destination);
        BinaryPrimitives.WriteUInt64BigEndian(destination[20..], Reserved);
        InfoHash.CopyTo(destination[28..]);
        PeerId.CopyTo(destination[48..]);
        return Length;
    }
}
