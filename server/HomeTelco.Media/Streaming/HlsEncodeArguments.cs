using System.Globalization;

namespace HomeTelco.Media.Streaming;

/// <summary>
/// ffmpeg arguments for one variant starting at one segment. Keyframes are forced on segment boundaries
/// and the output timestamps are offset to the segment's place in the source, so segments from an
/// encoder restarted at a seek line up with those made before.
/// </summary>
internal static class HlsEncodeArguments
{
    /// <summary>Name of the playlist ffmpeg writes; only copy sessions serve it (cuts follow the source's keyframes).</summary>
    public const string FfmpegPlaylist = "ffmpeg.m3u8";

    public static IReadOnlyList<string> Vod(string source, HlsVariant variant, int startSegment, TimeSpan segmentLength, VideoEncoder encoder)
    {
        var seconds = Seconds(segmentLength);
        var start = Seconds(segmentLength * startSegment);
        var args = new List<string>(48);
        if (variant.Mode == HlsVariantMode.Transcode)
        {
            args.AddRange(encoder.InputArguments);
        }

        if (startSegment > 0)
        {
            args.AddRange(["-ss", start]);
        }

        args.AddRange(["-i", source]);
        switch (variant.Mode)
        {
            case HlsVariantMode.Copy:
                args.AddRange(["-map", "0:v:0?", "-map", "0:a:0?", "-c", "copy"]);
                break;
            case HlsVariantMode.AudioOnly:
                args.AddRange(["-map", "0:a:0", "-vn", "-ac", "2"]);
                args.AddRange(variant.AudioCodec == "opus"
                    ? ["-c:a", "libopus", "-b:a", Bitrate(variant.AudioBitrate)]
                    : ["-c:a", "aac", "-b:a", Bitrate(variant.AudioBitrate)]);
                break;
            default:
                args.AddRange(["-map", "0:v:0", "-map", "0:a:0?"]);
                args.AddRange(encoder.OutputArguments(variant.Height));
                args.AddRange(["-b:v", Bitrate(variant.VideoBitrate), "-maxrate", Bitrate(variant.VideoBitrate), "-bufsize", Bitrate(variant.VideoBitrate * 2)]);
                args.AddRange(["-force_key_frames", $"expr:gte(t,n_forced*{seconds})", "-sc_threshold", "0"]);
                args.AddRange(["-c:a", "aac", "-b:a", Bitrate(variant.AudioBitrate), "-ac", "2"]);
                break;
        }

        if (startSegment > 0)
        {
            args.AddRange(["-output_ts_offset", start]);
        }

        args.AddRange(["-f", "hls", "-hls_time", seconds, "-hls_list_size", "0", "-start_number", startSegment.ToString(CultureInfo.InvariantCulture)]);
        if (variant.Mode == HlsVariantMode.Copy)
        {
            args.AddRange(["-hls_playlist_type", "event"]);
        }

        args.AddRange(["-hls_flags", "temp_file+independent_segments"]);
        if (variant.IsFragmentedMp4)
        {
            args.AddRange(["-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4"]);
        }

        args.AddRange(["-hls_segment_filename", "%d." + variant.SegmentExtension, FfmpegPlaylist]);
        return args;
    }

    public static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    private static string Bitrate(long bitsPerSecond) => (bitsPerSecond / 1000).ToString(CultureInfo.InvariantCulture) + "k";
}
