using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace HomeTelco.Torrent;

/// <summary>
/// The 20 bytes that name a swarm on the wire: the SHA-1 of a v1 info dictionary, or the first 20 bytes
/// of a v2 info dictionary's SHA-256 (BEP 52). A value type of three integers, so tables keyed by it
/// neither allocate nor hash arrays.
/// </summary>
public readonly struct InfoHash : IEquatable<InfoHash>
{
    /// <summary>Bytes on the wire.</summary>
    public const int Length = 20;

    private readonly ulong _a;
    private readonly ulong _b;
    private readonly uint _c;

    private InfoHash(ulong a, ulong b, uint c)
    {
        _a = a;
        _b = b;
        _c = c;
    }

    /// <summary>Takes the first 20 bytes of <paramref name="bytes"/> (20 for v1, 32 for a v2 SHA-256).</summary>
    /// <exception cref="ArgumentException">Fewer than 20 bytes.</exception>
    public static InfoHash FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < Length)
        {
            throw new ArgumentException($"An info-hash needs at least {Length} bytes, got {bytes.Length}.", nameof(bytes));
        }

        return new InfoHash(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(bytes[16..]));
    }

    /// <summary>Parses 40 hex digits or 32 base32 characters (both forms appear in magnet links).</summary>
    public static bool TryParse(ReadOnlySpan<char> text, [NotNullWhen(true)] out InfoHash? hash)
    {
        hash = null;
        Span<byte> bytes = stackalloc byte[Length];
        if (text.Length == 40)
        {
            for (var i = 0; i < Length; i++)
            {
                var hi = HexValue(text[2 * i]);
                var lo = HexValue(text[(2 * i) + 1]);
                if (hi < 0 || lo < 0)
                {
                    return false;
                }

                bytes[i] = (byte)((hi << 4) | lo);
            }
        }
        else if (text.Length == 32)
        {
            if (!TryDecodeBase32(text, bytes))
            {
                return false;
            }
        }
        else
        {
            return false;
        }

        hash = FromBytes(bytes);
        return true;
    }

    /// <summary>Writes the 20 bytes into <paramref name="destination"/>.</summary>
    public void CopyTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _a);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _b);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], _c);
    }

    /// <summary>The 20 bytes as a new array (for APIs that need one; avoid on hot paths).</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>Lower-case hex, as in magnet links and the API.</summary>
    public string ToHex()
    {
        Span<byte> bytes = stackalloc byte[Length];
        CopyTo(bytes);
        return Convert.ToHexStringLower(bytes);
    }

    /// <inheritdoc/>
    public override string ToString() => ToHex();

    /// <inheritdoc/>
    public bool Equals(InfoHash other) => _a == other._a && _b == other._b && _c == other._c;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is InfoHash other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(_a, _b, _c);

    /// <summary>Equality by value.</summary>
    public static bool operator ==(InfoHash left, InfoHash right) => left.Equals(right);

    /// <summary>Inequality by value.</summary>
    public static bool operator !=(InfoHash left, InfoHash right) => !left.Equals(right);

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };

    // RFC 4648 base32 without padding: 32 characters carry exactly 160 bits.
    private static bool TryDecodeBase32(ReadOnlySpan<char> text, Span<byte> bytes)
    {
        var buffer = 0UL;
        var bits = 0;
        var written = 0;
        foreach (var c in text)
        {
            int value = c switch
            {
                >= 'A' and <= 'Z' => c - 'A',
                >= 'a' and <= 'z' => c - 'a',
                >= '2' and <= '7' => c - '2' + 26,
                _ => -1,
            };
            if (value < 0)
            {
                return false;
            }

            buffer = (buffer << 5) | (uint)value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes[written++] = (byte)(buffer >> bits);
            }
        }

        return written == Length;
    }
}
