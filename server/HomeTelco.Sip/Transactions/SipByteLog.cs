namespace HomeTelco.Sip.Transactions;

/// <summary>
/// The saved responses and ACKs of a compact table, appended to 64 KiB chunks. An entry's bytes are a slice of a chunk
/// rather than an array of their own, so tens of thousands of lingering transactions are a few dozen arrays the GC
/// never has to look into, not tens of thousands of small ones that each survive a few collections. Entries of one
/// table all live equally long, so chunks empty in the order they filled; an empty chunk at the front is dropped (a
/// few are kept for reuse). Slices are addressed by a chunk number that keeps counting up, so nothing ever moves.
/// Not thread-safe (its table runs under the transaction lock).
/// </summary>
internal sealed class SipByteLog
{
    /// <summary>The largest slice: a whole UDP datagram fits.</summary>
    public const int ChunkSize = 64 * 1024;

    private const int SpareChunks = 2;

    private readonly List<Chunk> _chunks = [];
    private readonly Stack<byte[]> _spare = new(SpareChunks);

    // The number of _chunks[0]; chunk numbers go up by one per new chunk.
    private long _first;

    /// <summary>Chunks in use (for tests).</summary>
    public int Chunks => _chunks.Count;

    /// <summary>Copies <paramref name="bytes"/> in (at most <see cref="ChunkSize"/>) and returns where they went.</summary>
    public (long Chunk, int Offset) Add(ReadOnlySpan<byte> bytes)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes.Length, ChunkSize);
        if (_chunks.Count == 0 || ChunkSize - _chunks[^1].Used < bytes.Length)
        {
            _chunks.Add(new Chunk(_spare.TryPop(out var reused) ? reused : new byte[ChunkSize]));
        }

        var chunk = _chunks[^1];
        var offset = chunk.Used;
        bytes.CopyTo(chunk.Bytes.AsSpan(offset));
        chunk.Used += bytes.Length;
        chunk.Live++;
        return (_first + _chunks.Count - 1, offset);
    }

    /// <summary>A slice that has not been freed.</summary>
    public ReadOnlySpan<byte> Get(long chunk, int offset, int length) => _chunks[(int)(chunk - _first)].Bytes.AsSpan(offset, length);

    /// <summary>Frees one slice of <paramref name="chunk"/>; chunks at the front with nothing left in them go.</summary>
    public void Free(long chunk)
    {
        var index = (int)(chunk - _first);
        if (index < 0 || index >= _chunks.Count)
        {
            return;
        }

        _chunks[index].Live--;
        while (_chunks.Count > 0 && _chunks[0].Live == 0)
        {
            if (_spare.Count < SpareChunks)
            {
                _spare.Push(_chunks[0].Bytes);
            }

            _chunks.RemoveAt(0);
            _first++;
        }
    }

    /// <summary>Forgets every slice; <paramref name="trim"/> also lets the spare chunks go.</summary>
    public void Clear(bool trim)
    {
        _first += _chunks.Count;
        _chunks.Clear();
        if (trim)
        {
            _spare.Clear();
        }
    }

    private sealed class Chunk(byte[] bytes)
    {
        public byte[] Bytes { get; } = bytes;

        public int Used { get; set; }

        public int Live { get; set; }
    }
}
