using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace HomeTelco.Torrent.Dht;

/// <summary>
/// A DHT node's 160-bit identifier (BEP 5), in the same space as info-hashes so that "closeness" between a
/// node and a torrent is their XOR distance. A value type of three integers: comparing distances allocates nothing.
/// </summary>
public readonly struct NodeId : IEquatable<NodeId>
{
    /// <summary>Bytes on the wire.</summary>
    public const int Length = 20;

    /// <summary>Bits in the identifier space.</summary>
    public const int Bits = 160;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly uint _c;

    private NodeId(ulong a, ulong b, uint c)
    {
        _a = a;
        _b = b;
        _c = c;
    }

    /// <summary>Reads 20 bytes.</summary>
    public static NodeId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Length)
        {
            throw new ArgumentException($"A node id needs {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }

        return new NodeId(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]));
    }

    /// <summary>The point in the id space an info-hash names.</summary>
    public static NodeId FromInfoHash(InfoHash hash)
    {
        Span<byte> bytes = stackalloc byte[Length];
        hash.CopyTo(bytes);
        return FromBytes(bytes);
    }

    /// <summary>A random id from a cryptographic source, as BEP 5 asks for a node's own id.</summary>
    public static NodeId Random()
    {
        Span<byte> bytes = stackalloc byte[Length];
        RandomNumberGenerator.Fill(bytes);
        return FromBytes(bytes);
    }

    /// <summary>A random id that shares its first <paramref name="prefixBits"/> bits with this one (bucket refresh targets).</summary>
    public NodeId RandomWithPrefix(int prefixBits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(prefixBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixBits, Bits);
        var random = Random();
        return new NodeId(
            Blend(_a, random._a, prefixBits, 64),
            Blend(_b, random._b, prefixBits - 64, 64),
            (uint)Blend(_c, random._c, prefixBits - 128, 32));
    }

    /// <summary>Number of leading bits this id shares with <paramref name="other"/>: 160 for equal ids.</summary>
    public int SharedPrefixLength(NodeId other)
    {
        var x = _a ^ other._a;
        if (x != 0)
        {
            return BitOperations.LeadingZeroCount(x);
        }

        x = _b ^ other._b;
        if (x != 0)
        {
            return 64 + BitOperations.LeadingZeroCount(x);
        }

        var y = _c ^ other._c;
        return y != 0 ? 128 + BitOperations.LeadingZeroCount(y) : Bits;
    }

    /// <summary>
    /// Compares the XOR distances of <paramref name="left"/> and <paramref name="right"/> to <paramref name="target"/>:
    /// negative when <paramref name="left"/> is closer.
    /// </summary>
    public static int CompareDistance(NodeId target, NodeId left, NodeId right)
    {
        var c = (left._a ^ target._a).CompareTo(right._a ^ target._a);
        if (c != 0)
        {
            return c;
        }

        c = (left._b ^ target._b).CompareTo(right._b ^ target._b);
        return c != 0 ? c : (left._c ^ target._c).CompareTo(right._c ^ target._c);
    }

    /// <summary>Writes the 20 bytes.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _c);
    }

    /// <summary>Lower-case hex.</summary>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc/>
    public bool Equals(NodeId other) => _a == other._a && _b == other._b && _c == other._c;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is NodeId other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c);

    /// <summary>Equality by value.</summary>
    public static bool operator ==(NodeId left, NodeId right) => left.Equals(right);

    /// <summary>Inequality by value.</summary>
    public static bool operator !=(NodeId left, NodeId right) => !left.Equals(right);

    // Keeps the first `keep` bits of `mine` (clamped to the word) and takes the rest from `random`.
    private static ulong Blend(ulong mine, ulong random, int keep, int width)
    {
        if (keep <= 0)
        {
            return random;
        }

        if (keep >= width)
        {
            return mine;
        }

        var mask = (width == 64 ? ulong.MaxValue : (1UL << width) - 1) >> keep;
        return (mine & ~mask & (width == 64 ? ulong.MaxValue : (1UL << width) - 1)) | (random & mask);
    }
}
