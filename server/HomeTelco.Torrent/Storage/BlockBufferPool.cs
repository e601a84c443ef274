using System.Buffers;

namespace HomeTelco.Torrent.Storage;

/// <summary>
/// The disk write cache's memory: at most <see cref="Capacity"/> 16 KiB block buffers out at once, shared by every
/// torrent, sized from the hardware profile's TorrentDiskCacheMb. The buffers are the pool's own and are kept for
/// reuse up to that budget: a block lives until its piece is hashed, long enough to survive into the GC's older
/// generations, so buffers dropped by the shared pool (which keeps only a few per core) piled up there as garbage and
/// a 2 GiB download peaked at 223 MB RSS. <see cref="Trim"/> lets them go when no download needs them. The counters
/// let tests prove every buffer came back.
/// </summary>
internal sealed class BlockBufferPool
{
    private readonly ArrayPool<byte> _pool;
    private int _rented;
    private long _rentedTotal;
    private long _refused;

    /// <param name="budgetBytes">Bytes the cache may hold; at least one block.</param>
    /// <param name="pool">Where buffers come from (a private pool in tests).</param>
    public BlockBufferPool(long budgetBytes, ArrayPool<byte>? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, TorrentLayout.BlockSize);
        Capacity = (int)Math.Min(int.MaxValue, budgetBytes / TorrentLayout.BlockSize);
        _pool = pool ?? new KeptBlocks();
    }

    /// <summary>Buffers that may be out at once.</summary>
    public int Capacity { get; }

    /// <summary>Buffers out now.</summary>
    public int Rented => Volatile.Read(ref _rented);

    /// <summary>Buffers handed out since start.</summary>
    public long RentedTotal => Interlocked.Read(ref _rentedTotal);

    /// <summary>Requests refused because the budget was spent.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>A 16 KiB buffer, or null when the budget is spent.</summary>
    public byte[]? TryRent()
    {
        while (true)
        {
            var current = Volatile.Read(ref _rented);
            if (current >= Capacity)
            {
                Interlocked.Increment(ref _refused);
                return null;
            }

            if (Interlocked.CompareExchange(ref _rented, current + 1, current) == current)
            {
                Interlocked.Increment(ref _rentedTotal);
                return _pool.Rent(TorrentLayout.BlockSize);
            }
        }
    }

    /// <summary>Lets the kept buffers go (to the GC) when none is out: the engine calls it when nothing downloads.</summary>
    public void Trim()
    {
        if (_pool is KeptBlocks kept && Rented == 0)
        {
            kept.Clear();
        }
    }

    /// <summary>Gives back a buffer from <see cref="TryRent"/>.</summary>
    public void Return(byte[] buffer)
    {
        _pool.Return(buffer);
        if (Interlocked.Decrement(ref _rented) < 0)
        {
            throw new InvalidOperationException("More block buffers returned than rented.");
        }
    }

    /// <summary>
    /// Returned blocks kept for the next rent. It holds at most what the budget lets out at once, and it grows with use:
    /// a pool sized for the budget up front (<see cref="ArrayPool{T}.Create(int, int)"/>) allocates its bucket arrays
    /// at once, 1.4 MB on a 256 MB cache, and did so again each time an idle engine trimmed it.
    /// </summary>
    private sealed class KeptBlocks : ArrayPool<byte>
    {
        private readonly Lock _lock = new();
        private readonly Stack<byte[]> _free = new();

        public override byte[] Rent(int minimumLength)
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThan(minimumLength, TorrentLayout.BlockSize);
            lock (_lock)
            {
                if (_free.TryPop(out var kept))
                {
                    return kept;
                }
            }

            return GC.AllocateUninitializedArray<byte>(TorrentLayout.BlockSize);
        }

        public override void Return(byte[] array, bool clearArray = false)
        {
            ArgumentNullException.ThrowIfNull(array);
            if (array.Length != TorrentLayout.BlockSize)
            {
                throw new ArgumentException("Not a block buffer of this pool.", nameof(array));
            }

            if (clearArray)
            {
                Array.Clear(array);
            }

            lock (_lock)
            {
                _free.Push(array);
            }
        }

        /// <summary>Lets every kept block go to the GC; a no-op when none is kept.</summary>
        public void Clear()
        {
            lock (_lock)
            {
                if (_free.Count > 0)
                {
                    _free.Clear();
                    _free.TrimExcess();
                }
            }
        }
    }
}
