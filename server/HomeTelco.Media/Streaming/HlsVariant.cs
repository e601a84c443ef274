namespace HomeTelco.Media.Streaming;

/// <summary>One rung of the HLS ladder.</summary>
/// <param name="Name">URL-safe name used in paths: <c>1080p</c>, <c>720p</c>, <c>480p</c>, <c>audio</c>, <c>opus</c> or <c>copy</c>.</param>
/// <param name="Height">Output height in pixels; 0 for audio only.</param>
/// <param name="VideoBitrate">Target video bit rate in bit/s; 0 for audio only or copy.</param>
/// <param name="AudioBitrate">Target audio bit rate in bit/s.</param>
/// <param name="Mode">Transcode, copy (remux only) or audio only.</param>
/// <param name="AudioCodec">aac or opus.</param>
public sealed record HlsVariant(string Name, int Height, long VideoBitrate, long AudioBitrate, HlsVariantMode Mode, string AudioCodec)
{
    /// <summary>Peak bandwidth to announce in the master playlist (bit/s), with a margin for the container.</summary>
    public long Bandwidth(SourceFacts source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var video = Mode == HlsVariantMode.Copy ? Math.Max(source.VideoBitrate, 1_000_000) : VideoBitrate;
        return (long)((video + AudioBitrate) * 1.1);
    }

    /// <summary>True when segments are fragmented MP4 (Opus needs it); MPEG-TS otherwise.</summary>
    public bool IsFragmentedMp4 => AudioCodec == "opus";

    /// <summary>File extension of segments, without the dot.</summary>
    public string SegmentExtension => IsFragmentedMp4 ? "m4s" : "ts";
}

/// <summary>How a variant is made from the source.</summary>
public enum HlsVariantMode
{
    /// <summary>Video re-encoded to H.264 at the variant's height, audio to AAC.</summary>
    Transcode,

    /// <summary>Streams copied as they are (the router profile): segments cut at the source's keyframes.</summary>
    Copy,

    /// <summary>Audio only, re-encoded to AAC or Opus.</summary>
    AudioOnly,
}
