namespace HomeTelco.Media.Live;

/// <summary>A channel a viewer can tune to: from an IPTV playlist entry or a capture device.</summary>
/// <param name="Id">Stable URL-safe id: the source id and the channel's position or tvg-id.</param>
/// <param name="SourceId">The configured source it came from.</param>
/// <param name="Name">Display name.</param>
/// <param name="GuideId">tvg-id linking it to the XMLTV guide, or empty.</param>
/// <param name="Group">group-title, or empty.</param>
/// <param name="Input">What ffmpeg opens: an http(s)/udp/rtp URL or a /dev/videoN device.</param>
/// <param name="IsDevice">True for a V4L2 capture device (opened with -f v4l2).</param>
public sealed record LiveChannel(string Id, string SourceId, string Name, string GuideId, string Group, string Input, bool IsDevice);
