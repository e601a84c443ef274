using HomeTelco.Core.Profiles;

namespace HomeTelco.Torrent.Storage;

/// <summary>
/// How big the disk side of the engine may be on this box, read from its hardware profile so nothing here guesses.
/// </summary>
/// <param name="WriteCacheBytes">The shared block budget of the write cache (TorrentDiskCacheMb).</param>
/// <param name="HashWorkers">Hashing threads: 1 on a small box (hashing must not starve the one core the network needs), else 2.</param>
/// <param name="MaxOpenFilesPerTorrent">File handles one torrent keeps open.</param>
/// <param name="RecheckParallelism">Pieces re-checked at once after an unclean stop.</param>
internal sealed record StorageSizing(long WriteCacheBytes, int HashWorkers, int MaxOpenFilesPerTorrent, int RecheckParallelism)
{
    /// <summary>Below this memory budget a box counts as small (a router, a tiny board).</summary>
    private const int SmallBoxBudgetMb = 128;

    /// <summary>Sizes for <paramref name="profile"/>.</summary>
    public static StorageSizing From(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var small = profile.MemoryBudgetMb <= SmallBoxBudgetMb;
        var workers = small ? 1 : 2;
        return new StorageSizing(
            Math.Max(1, profile.TorrentDiskCacheMb) * 1024L * 1024,
            workers,
            small ? 8 : 32,
            workers);
    }
}
