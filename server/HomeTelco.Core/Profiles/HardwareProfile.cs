namespace HomeTelco.Core.Profiles;

/// <summary>
/// Limits for one class of box, read from <c>hardware-profiles/&lt;name&gt;.json</c>. Engines size
/// their caches, concurrency and admission limits from these numbers, never from guesses of their own.
/// </summary>
public sealed record HardwareProfile
{
    /// <summary>File name without extension, e.g. <c>wrt-arm64-512m</c>.</summary>
    public required string Name { get; init; }

    /// <summary>One sentence for the portal: what kind of box this is for.</summary>
    public required string Description { get; init; }

    /// <summary>Managed-heap budget of the whole process in MiB, applied as the GC heap hard limit.</summary>
    public required int MemoryBudgetMb { get; init; }

    /// <summary>Concurrent ffmpeg transcodes; 0 means remux/copy only.</summary>
    public required int MaxConcurrentTranscodes { get; init; }

    /// <summary>Hardware video acceleration to try first: none, vaapi, qsv or v4l2m2m.</summary>
    public required string HardwareAcceleration { get; init; }

    /// <summary>Torrents downloading or seeding at once.</summary>
    public required int MaxActiveTorrents { get; init; }

    /// <summary>Peer connections across all torrents.</summary>
    public required int MaxTorrentPeers { get; init; }

    /// <summary>Write cache for torrent pieces, in MiB.</summary>
    public required int TorrentDiskCacheMb { get; init; }

    /// <summary>Media library cache (artwork, probe results) in MiB.</summary>
    public required int MediaCacheMb { get; init; }

    /// <summary>SIP registrations (contacts) the registrar accepts.</summary>
    public required int MaxSipRegistrations { get; init; }

    /// <summary>Simultaneous SIP calls.</summary>
    public required int MaxSipCalls { get; init; }

    /// <summary>Parallel ffprobe runs during a library scan.</summary>
    public required int ScanParallelism { get; init; }
}
