using System.Buffers;

namespace HomeTelco.Torrent.Storage;

/// <summary>
/// The disk write cache's memory: at most <see cref="Capacity"/> 16 KiB block buffers out at once, shared by every
/// torrent, sized from the hardware profile's TorrentDiskCacheMb. Buffers come from <see cref="ArrayPool{T}"/>, so
/// steady-state downloading allocates nothing; the counters let tests prove every buffer came back.
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
        _pool = pool ?? ArrayPool<byte>.Shared;
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

    /// <summary>Gives back a buffer from <see cref="TryRent"/>.</summary>
    public void Return(byte[] buffer)
    {
        _pool.Return(buffer);
        if (Interlocked.Decrement(ref _rented) < 0)
        {
            throw new InvalidOperationException("More block buffers returned than rented.");
        }
    }
}
