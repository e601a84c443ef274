using HomeTelco.Torrent.Pieces;

namespace HomeTelco.Torrent.Storage;

/// <summary>
/// The pieces of one torrent that passed their hash and are on disk: the only pieces we ever read for a peer.
/// A <see cref="Bitfield"/> behind one lock, because hashing workers set bits while the engine reads them.
/// </summary>
internal sealed class VerifiedPieces
{
    private readonly Lock _bitsLock = new();
    private readonly Bitfield _bits;

    public VerifiedPieces(int pieceCount) => _bits = new Bitfield(pieceCount);

    public int Length => _bits.Length;

    public int Count
    {
        get
        {
            lock (_bitsLock)
            {
                return _bits.Count;
            }
        }
    }

    public bool IsComplete
    {
        get
        {
            lock (_bitsLock)
            {
                return _bits.IsComplete;
            }
        }
    }

    public bool Has(int piece)
    {
        lock (_bitsLock)
        {
            return (uint)piece < (uint)_bits.Length && _bits[piece];
        }
    }

    /// <summary>Marks a piece verified; false when it already was.</summary>
    public bool Set(int piece)
    {
        lock (_bitsLock)
        {
            return _bits.Set(piece);
        }
    }

    /// <summary>Unmarks a piece (a re-check found it bad).</summary>
    public bool Clear(int piece)
    {
        lock (_bitsLock)
        {
            return _bits.Clear(piece);
        }
    }

    /// <summary>A copy in wire form (resume data, the bitfield message).</summary>
    public byte[] ToWire()
    {
        lock (_bitsLock)
        {
            var wire = new byte[_bits.WireLength];
            _bits.WriteTo(wire);
            return wire;
        }
    }

    /// <summary>A copy as a plain bitfield.</summary>
    public Bitfield Snapshot()
    {
        var wire = ToWire();
        Bitfield.TryRead(wire, Length, out var copy);
        return copy!;
    }
}
