using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Peers.Extensions;

/// <summary>A peer learnt through PEX with its BEP 11 flags (0x01 prefers encryption, 0x02 seed, 0x04 µTP, 0x10 reachable).</summary>
internal readonly record struct PexPeer(IPEndPoint EndPoint, byte Flags);

/// <summary>
/// One BEP 11 ut_pex message: peers added and dropped since the last message, IPv4 in "added"/"dropped"
/// (6 bytes each) and IPv6 in "added6"/"dropped6" (18 bytes each), flags in "added.f"/"added6.f".
/// </summary>
internal sealed record PexMessage(IReadOnlyList<PexPeer> Added, IReadOnlyList<IPEndPoint> Dropped)
{
    /// <summary>BEP 11 allows 50 added and 50 dropped per message; we accept a little more and refuse beyond.</summary>
    public const int MaxPeersPerList = 100;

    /// <summary>Flag: the peer prefers encryption.</summary>
    public const byte FlagPrefersEncryption = 0x01;

    /// <summary>Flag: the peer is a seed.</summary>
    public const byte FlagSeed = 0x02;

    /// <summary>Decodes a ut_pex payload; false with a reason when malformed or over the limits.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> payload, out PexMessage? message, out string? error)
    {
        message = null;
        if (!Bencode.TryDecode(payload, BencodeLimits.PeerMessage, out var value, out error))
        {
            error = "ut_pex: " + error;
            return false;
        }

        if (value is not BDictionary dictionary)
        {
            error = "ut_pex: not a dictionary";
            return false;
        }

        var added = new List<PexPeer>();
        var dropped = new List<IPEndPoint>();
        if (!ReadPeers(dictionary, "added", "added.f", 4, added, out error)
            || !ReadPeers(dictionary, "added6", "added6.f", 16, added, out error)
            || !ReadDropped(dictionary, "dropped", 4, dropped, out error)
            || !ReadDropped(dictionary, "dropped6", 16, dropped, out error))
        {
            return false;
        }

        message = new PexMessage(added, dropped);
        return true;
    }

    /// <summary>Encodes this message canonically into <paramref name="output"/>.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        var v4 = Added.Where(p => p.EndPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork).ToList();
        var v6 = Added.Where(p => p.EndPoint.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6).ToList();
        var writer = new BencodeWriter(output);
        writer.BeginDictionary();
        writer.String("added");
        writer.String(Compact(v4.Select(p => p.EndPoint), 4));
        writer.String("added.f");
        writer.String(v4.Select(p => p.Flags).ToArray());
        writer.String("added6");
        writer.String(Compact(v6.Select(p => p.EndPoint), 16));
        writer.String("added6.f");
        writer.String(v6.Select(p => p.Flags).ToArray());
        writer.String("dropped");
        writer.String(Compact(Dropped.Where(e => e.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork), 4));
        writer.String("dropped6");
        writer.String(Compact(Dropped.Where(e => e.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6), 16));
        writer.End();
    }

    /// <summary>The encoded message as a new array.</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteTo(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Compact(IEnumerable<IPEndPoint> endPoints, int addressLength)
    {
        var list = endPoints.ToList();
        var bytes = new byte[list.Count * (addressLength + 2)];
        for (var i = 0; i < list.Count; i++)
        {
            var slot = bytes.AsSpan(i * (addressLength + 2), addressLength + 2);
            list[i].Address.TryWriteBytes(slot, out _);
            BinaryPrimitives.WriteUInt16BigEndian(slot[addressLength..], (ushort)list[i].Port);
        }

        return bytes;
    }

    private static bool ReadPeers(BDictionary dictionary, string key, string flagsKey, int addressLength, List<PexPeer> into, out string? error)
    {
        if (!ReadCompact(dictionary, key, addressLength, out var endPoints, out error))
        {
            return false;
        }

        // Flags are optional and may be short; a missing flag byte reads as "nothing known".
        var flags = dictionary.TryGet<BString>(flagsKey, out var f) ? f.Bytes.Span : default;
        for (var i = 0; i < endPoints.Count; i++)
        {
            into.Add(new PexPeer(endPoints[i], i < flags.Length ? flags[i] : (byte)0));
        }

        return true;
    }

    private static bool ReadDropped(BDictionary dictionary, string key, int addressLength, List<IPEndPoint> into, out string? error)
    {
        if (!ReadCompact(dictionary, key, addressLength, out var endPoints, out error))
        {
            return false;
        }

        into.AddRange(endPoints);
        return true;
    }

    private static bool ReadCompact(BDictionary dictionary, string key, int addressLength, out List<IPEndPoint> endPoints, out string? error)
    {
        endPoints = [];
        error = null;
        if (!dictionary.TryGet<BString>(key, out var compact))
        {
            return true;
        }

        var bytes = compact.Bytes.Span;
        var size = addressLength + 2;
        if (bytes.Length % size != 0)
        {
            error = $"ut_pex: {key} is {bytes.Length} bytes, not a multiple of {size}";
            return false;
        }

        if (bytes.Length / size > MaxPeersPerList)
        {
            error = $"ut_pex: {key} lists {bytes.Length / size} peers, over {MaxPeersPerList}";
            return false;
        }

        for (var at = 0; at < bytes.Length; at += size)
        {
            var port = BinaryPrimitives.ReadUInt16BigEndian(bytes[(at + addressLength)..]);
            if (port != 0)
            {
                endPoints.Add(new IPEndPoint(new IPAddress(bytes.Slice(at, addressLength)), port));
            }
        }

        return true;
    }
}
