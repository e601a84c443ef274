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
    private readonly bool _ownPool;
    private ArrayPool<byte> _pool;
    private int _rented;
    private long _rentedTotal;
    private long _refused;

    /// <param name="budgetBytes">Bytes the cache may hold; at least one block.</param>
    /// <param name="pool">Where buffers come from (a private pool in tests).</param>
    public BlockBufferPool(long budgetBytes, ArrayPool<byte>? pool = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetBytes, TorrentLayout.BlockSize);
        Capacity = (int)Math.Min(int.MaxValue, budgetBytes / TorrentLayout.BlockSize);
        _ownPool = pool is null;
        _pool = pool ?? NewPool();
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
        if (_ownPool && Rented == 0)
        {
            // A buffer rented from the old pool while this runs comes back to the new one, which takes any 16 KiB array.
            _pool = NewPool();
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

    private ArrayPool<byte> NewPool() => ArrayPool<byte>.Create(TorrentLayout.BlockSize, Math.Max(1, Capacity));
}
