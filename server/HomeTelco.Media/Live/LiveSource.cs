namespace HomeTelco.Media.Live;

/// <summary>A configured live source, stored in the <c>live_sources</c> collection.</summary>
public sealed class LiveSource
{
    /// <summary>Short URL-safe id chosen by the box.</summary>
    public string Id { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>The M3U playlist text for an IPTV source; empty for a device.</summary>
    public string Playlist { get; set; } = "";

    /// <summary>Optional XMLTV guide text.</summary>
    public string Guide { get; set; } = "";

    /// <summary>A V4L2 capture device (<c>/dev/videoN</c>) for a device source; empty for IPTV.</summary>
    public string Device { get; set; } = "";

    public DateTimeOffset AddedAt { get; set; }
}
