using System.Numerics;

namespace HomeTelco.Torrent.Pieces;

/// <summary>
/// Which pieces someone has: one bit per piece, most significant bit first, exactly as the BEP 3
/// bitfield message carries it. Not thread-safe: each owner guards its own.
/// </summary>
public sealed class Bitfield
{
    private readonly ulong[] _words;

    /// <summary>An all-clear bitfield for <paramref name="length"/> pieces.</summary>
    public Bitfield(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _words = new ulong[(length + 63) / 64];
    }

    /// <summary>Number of pieces.</summary>
    public int Length { get; }

    /// <summary>Number of set bits, kept up to date on every change.</summary>
    public int Count { get; private set; }

    /// <summary>True when every piece is set.</summary>
    public bool IsComplete => Count == Length;

    /// <summary>Bytes of the wire form.</summary>
    public int WireLength => (Length + 7) / 8;

    /// <summary>Whether piece <paramref name="index"/> is set.</summary>
    public bool this[int index]
    {
        get
        {
            CheckIndex(index);
            return (_words[index >> 6] & Mask(index)) != 0;
        }
    }

    /// <summary>Reads the wire form; false when the length is wrong or a spare bit at the end is set (BEP 3 says drop such a peer).</summary>
    public static bool TryRead(ReadOnlySpan<byte> wire, int length, out Bitfield? bitfield)
    {
        bitfield = null;
        if (length < 0 || wire.Length != (length + 7) / 8)
        {
            return false;
        }

        var spare = (wire.Length * 8) - length;
        if (spare > 0 && (wire[^1] & ((1 << spare) - 1)) != 0)
        {
            return false;
        }

        var result = new Bitfield(length);
        for (var i = 0; i < wire.Length; i++)
        {
            var b = wire[i];
            for (var bit = 0; bit < 8 && b != 0; bit++)
            {
                if ((b & (0x80 >> bit)) != 0)
                {
                    result.Set((i * 8) + bit);
                }
            }
        }

        bitfield = result;
        return true;
    }

    /// <summary>Sets piece <paramref name="index"/>; returns false when it was already set.</summary>
    public bool Set(int index)
    {
        CheckIndex(index);
        ref var word = ref _words[index >> 6];
        var mask = Mask(index);
        if ((word & mask) != 0)
        {
            return false;
        }

        word |= mask;
        Count++;
        return true;
    }

    /// <summary>Clears piece <paramref name="index"/>; returns false when it was already clear.</summary>
    public bool Clear(int index)
    {
        CheckIndex(index);
        ref var word = ref _words[index >> 6];
        var mask = Mask(index);
        if ((word & mask) == 0)
        {
            return false;
        }

        word &= ~mask;
        Count--;
        return true;
    }

    /// <summary>Sets every piece (a seed, or BEP 6 have-all).</summary>
    public void SetAll()
    {
        for (var i = 0; i < Length; i++)
        {
            Set(i);
        }
    }

    /// <summary>Writes the wire form into <paramref name="destination"/>, which must be <see cref="WireLength"/> bytes.</summary>
    public void WriteTo(Span<byte> destination)
    {
        if (destination.Length < WireLength)
        {
            throw new ArgumentException($"Need {WireLength} bytes.", nameof(destination));
        }

        destination[..WireLength].Clear();
        for (var w = 0; w < _words.Length; w++)
        {
            var word = _words[w];
            while (word != 0)
            {
                var bit = BitOperations.TrailingZeroCount(word);
                var index = (w * 64) + bit;
                destination[index >> 3] |= (byte)(0x80 >> (index & 7));
                word &= word - 1;
            }
        }
    }

    /// <summary>The first clear piece at or after <paramref name="start"/>, or -1.</summary>
    public int NextClear(int start)
    {
        for (var i = Math.Max(0, start); i < Length; i++)
        {
            if ((_words[i >> 6] & Mask(i)) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first set piece at or after <paramref name="start"/>, or -1.</summary>
    public int NextSet(int start)
    {
        for (var i = Math.Max(0, start); i < Length; i++)
        {
            if ((_words[i >> 6] & Mask(i)) != 0)
            {
                return i;
            }
        }

        return -1;
    }

    private static ulong Mask(int index) => 1UL << (index & 63);

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Length)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"Piece index must be below {Length}.");
        }
    }
}
