namespace HomeTelco.Torrent.Trackers;

/// <summary>How a <see cref="TrackerSet"/> paces its announces.</summary>
internal sealed record TrackerSetOptions
{
    public static TrackerSetOptions Default { get; } = new();

    /// <summary>Floor under any interval a tracker gives (a tracker saying 0 would otherwise be hammered).</summary>
    public TimeSpan MinimumInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Ceiling on a tracker's interval, so a typo there cannot silence a torrent for weeks.</summary>
    public TimeSpan MaximumInterval { get; init; } = TimeSpan.FromHours(6);

    /// <summary>The wait after every tracker failed once; doubles with each further failure.</summary>
    public TimeSpan RetryBase { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest wait between tries while every tracker keeps failing.</summary>
    public TimeSpan RetryMaximum { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long a stopped announce may take before the torrent goes without it.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public int NumWant { get; init; } = AnnounceRequest.DefaultNumWant;
}
