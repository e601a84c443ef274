namespace HomeTelco.Media.Live;

/// <summary>
/// A live source to add: an IPTV playlist given as text or as a URL (then refreshed), with an optional XMLTV guide
/// given either way, or a V4L2 capture device.
/// </summary>
public sealed record NewLiveSource
{
    public string? Name { get; init; }

    /// <summary>M3U text.</summary>
    public string? Playlist { get; init; }

    /// <summary>XMLTV text.</summary>
    public string? Guide { get; init; }

    /// <summary>/dev/videoN.</summary>
    public string? Device { get; init; }

    /// <summary>http(s) link to the M3U playlist.</summary>
    public string? PlaylistUrl { get; init; }

    /// <summary>http(s) link to the XMLTV guide (plain or gzipped).</summary>
    public string? GuideUrl { get; init; }
}
