namespace HomeTelco.Torrent.Trackers.Http;

/// <summary>Limits for one HTTP tracker exchange.</summary>
internal sealed record HttpTrackerOptions
{
    public static HttpTrackerOptions Default { get; } = new();

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A real answer is a few kilobytes; anything over this is refused unread.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Peers taken from one answer; the rest are dropped.</summary>
    public int MaxPeers { get; init; } = 200;
}
