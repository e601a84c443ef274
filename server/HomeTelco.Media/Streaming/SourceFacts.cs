namespace HomeTelco.Media.Streaming;

/// <summary>
/// What the HLS engine needs to know about a source, taken from the library's probe data. The engine
/// never reads the library itself: the host maps an item's probe facts to this record.
/// </summary>
/// <param name="Duration">Playable length; the VOD playlist is computed from it.</param>
/// <param name="Container">Container format name as ffprobe gives it (e.g. <c>mov,mp4,m4a,3gp,3g2,mj2</c>, <c>matroska,webm</c>).</param>
/// <param name="VideoCodec">ffprobe codec name of the first video stream (e.g. <c>h264</c>, <c>hevc</c>), or null for audio only.</param>
/// <param name="Width">Width in pixels, 0 without video.</param>
/// <param name="Height">Height in pixels, 0 without video.</param>
/// <param name="VideoBitrate">Video bit rate in bit/s, 0 when unknown.</param>
/// <param name="FrameRate">Frames per second, 0 when unknown.</param>
/// <param name="AudioCodec">ffprobe codec name of the first audio stream (e.g. <c>aac</c>, <c>mp3</c>, <c>flac</c>), or null.</param>
/// <param name="AudioChannels">Channels of the first audio stream, 0 without audio.</param>
public sealed record SourceFacts(
    TimeSpan Duration,
    string Container,
    string? VideoCodec,
    int Width,
    int Height,
    long VideoBitrate,
    double FrameRate,
    string? AudioCodec,
    int AudioChannels)
{
    /// <summary>True when the source has a video stream (cover-art "video" streams are the library's job to leave out).</summary>
    public bool HasVideo => !string.IsNullOrEmpty(VideoCodec) && Height > 0;

    /// <summary>True when the source has an audio stream.</summary>
    public bool HasAudio => !string.IsNullOrEmpty(AudioCodec);
}
