using System.Globalization;
using System.Text;

namespace HomeTelco.Media.Streaming;

/// <summary>
/// Writes master and VOD media playlists (RFC 8216) from the ladder and the source's duration, so a
/// player sees the whole timeline at once and can seek anywhere before a segment exists.
/// </summary>
internal static class HlsPlaylistWriter
{
    /// <summary>The master playlist; <c>query</c> (with its '?', e.g. a signed link, or empty) is appended to every URI.</summary>
    public static string Master(SourceFacts source, IReadOnlyList<HlsVariant> ladder, string query)
    {
        var text = new StringBuilder(256);
        text.Append("#EXTM3U\n#EXT-X-VERSION:").Append(ladder.Any(v => v.IsFragmentedMp4) ? 7 : 3).Append('\n');
        text.Append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        foreach (var variant in ladder)
        {
            text.Append(CultureInfo.InvariantCulture, $"#EXT-X-STREAM-INF:BANDWIDTH={variant.Bandwidth(source)}");
            var codecs = Codecs(source, variant);
            if (codecs.Length > 0)
            {
                text.Append(",CODECS=\"").Append(codecs).Append('"');
            }

            if (variant.Mode != HlsVariantMode.AudioOnly && source.HasVideo)
            {
                var height = variant.Mode == HlsVariantMode.Copy ? source.Height : variant.Height;
                var width = (int)Math.Round(source.Width * (double)height / source.Height / 2) * 2;
                text.Append(CultureInfo.InvariantCulture, $",RESOLUTION={width}x{height}");
            }

            text.Append('\n').Append(variant.Name).Append("/index.m3u8").Append(query).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>A VOD playlist of fixed-length segments numbered from 0; the last one holds the remainder.</summary>
    public static string Media(TimeSpan duration, TimeSpan segmentLength, HlsVariant variant, string query)
    {
        var count = SegmentCount(duration, segmentLength);
        var text = new StringBuilder(64 + (count * 24));
        text.Append("#EXTM3U\n#EXT-X-VERSION:").Append(variant.IsFragmentedMp4 ? 7 : 3).Append('\n');
        text.Append(CultureInfo.InvariantCulture, $"#EXT-X-TARGETDURATION:{(int)Math.Ceiling(segmentLength.TotalSeconds)}\n");
        text.Append("#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (variant.IsFragmentedMp4)
        {
            text.Append("#EXT-X-MAP:URI=\"init.mp4").Append(query).Append("\"\n");
        }

        for (var n = 0; n < count; n++)
        {
            var length = n < count - 1 ? segmentLength : duration - (segmentLength * n);
            text.Append(CultureInfo.InvariantCulture, $"#EXTINF:{length.TotalSeconds:0.000},\n");
            text.Append(n.ToString(CultureInfo.InvariantCulture)).Append('.').Append(variant.SegmentExtension).Append(query).Append('\n');
        }

        text.Append("#EXT-X-ENDLIST\n");
        return text.ToString();
    }

    public static int SegmentCount(TimeSpan duration, TimeSpan segmentLength) =>
        duration <= TimeSpan.Zero ? 0 : (int)Math.Ceiling(duration.Ticks / (double)segmentLength.Ticks);

    // RFC 6381 codec strings; with copy the exact H.264 profile is unknown, so CODECS is left out then
    // (a wrong CODECS makes players skip a variant they could play).
    private static string Codecs(SourceFacts source, HlsVariant variant) => variant.Mode switch
    {
        HlsVariantMode.AudioOnly => variant.AudioCodec == "opus" ? "opus" : "mp4a.40.2",
        HlsVariantMode.Transcode => source.HasAudio ? "avc1.640028,mp4a.40.2" : "avc1.640028",
        _ => string.Empty,
    };
}
