namespace HomeTelco.Torrent.Trackers;

/// <summary>
/// One tracker URL. Implementations never throw for network or protocol trouble: every failure comes back as a
/// <see cref="TrackerResult{T}"/>; only cancellation of <c>cancellationToken</c> throws.
/// </summary>
internal interface ITrackerClient
{
    /// <summary>The announce URL as given in the metainfo or magnet link.</summary>
    Uri Uri { get; }

    Task<TrackerResult<AnnounceResponse>> AnnounceAsync(AnnounceRequest request, CancellationToken cancellationToken);

    Task<TrackerResult<IReadOnlyList<ScrapeEntry>>> ScrapeAsync(IReadOnlyList<InfoHash> infoHashes, CancellationToken cancellationToken);
}
