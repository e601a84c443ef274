namespace HomeTelco.Media.Live;

/// <summary>A configured live source, stored in the <c>live_sources</c> collection.</summary>
public sealed class LiveSource
{
    /// <summary>Short URL-safe id chosen by the box.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The M3U playlist text for an IPTV source (the last one fetched when it has a URL); empty for a device.</summary>
    public string Playlist { get; set; } = "";

    /// <summary>Optional XMLTV guide text (the last one fetched when it has a URL).</summary>
    public string Guide { get; set; } = "";

    /// <summary>Where the playlist is fetched from and refreshed; empty when it was pasted.</summary>
    public string PlaylistUrl { get; set; } = "";

    /// <summary>Where the guide is fetched from and refreshed; empty when pasted or none.</summary>
    public string GuideUrl { get; set; } = "";

    /// <summary>When the URLs were last fetched successfully.</summary>
    public DateTimeOffset? RefreshedAt { get; set; }

    /// <summary>Why the last refresh failed (the previous playlist and guide stay in use); empty when it worked.</summary>
    public string RefreshError { get; set; } = "";

    /// <summary>A V4L2 capture device (<c>/dev/videoN</c>) for a device source; empty for IPTV.</summary>
    public string Device { get; set; } = "";

    public DateTimeOffset AddedAt { get; set; }
}
