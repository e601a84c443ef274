namespace HomeTelco.Media.Streaming;

/// <summary>
/// Chooses the variants of a master playlist: never above the source, never above the caller's
/// ceiling (remote sessions get a lower one), and copy only when the profile allows no transcodes.
/// </summary>
internal static class HlsLadder
{
    private static readonly (int Height, long Bitrate)[] VideoRungs = [(1080, 5_000_000), (720, 2_800_000), (480, 1_200_000)];

    /// <summary>Audio codecs an MPEG-TS HLS segment can carry and browsers play.</summary>
    private static readonly string[] CopyAudioCodecs = ["aac", "mp3"];

    /// <param name="source">Facts about the source.</param>
    /// <param name="maxTranscodes">The profile's concurrent transcodes; 0 means copy only.</param>
    /// <param name="maxHeight">Highest video rung offered (e.g. 480 for a remote session), 0 for no limit.</param>
    /// <param name="acceptsOpus">The client plays Opus audio (offered as an extra audio-only rung).</param>
    public static IReadOnlyList<HlsVariant> Choose(SourceFacts source, int maxTranscodes, int maxHeight, bool acceptsOpus)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (!source.HasVideo && !source.HasAudio)
        {
            throw new StreamingException(StreamingFailure.Unsupported, "The source has neither video nor audio that ffmpeg recognised.");
        }

        if (maxTranscodes <= 0)
        {
            return [CopyVariant(source)];
        }

        var variants = new List<HlsVariant>();
        if (source.HasVideo)
        {
            foreach (var (height, bitrate) in VideoRungs)
            {
                if (height <= source.Height && (maxHeight <= 0 || height <= maxHeight))
                {
                    variants.Add(new HlsVariant($"{height}p", height, bitrate, 128_000, HlsVariantMode.Transcode, "aac"));
                }
            }

            if (variants.Count == 0)
            {
                // A source smaller than the lowest rung (or a ceiling below it) still gets one video rung at its own size.
                var height = maxHeight > 0 ? Math.Min(source.Height, maxHeight) : source.Height;
                height -= height % 2;
                variants.Add(new HlsVariant($"{height}p", height, 800_000, 128_000, HlsVariantMode.Transcode, "aac"));
            }
        }

        if (source.HasAudio)
        {
            variants.Add(new HlsVariant("audio", 0, 0, 128_000, HlsVariantMode.AudioOnly, "aac"));
            if (acceptsOpus)
            {
                variants.Add(new HlsVariant("opus", 0, 0, 96_000, HlsVariantMode.AudioOnly, "opus"));
            }
        }

        return variants;
    }

    /// <summary>Finds a variant by its URL name among those <see cref="Choose"/> offers, or throws NotFound.</summary>
    public static HlsVariant Find(IReadOnlyList<HlsVariant> ladder, string name)
    {
        foreach (var variant in ladder)
        {
            if (string.Equals(variant.Name, name, StringComparison.Ordinal))
            {
                return variant;
            }
        }

        throw new StreamingException(StreamingFailure.NotFound, $"This item has no variant '{name}' on this box.");
    }

    private static HlsVariant CopyVariant(SourceFacts source)
    {
        var videoOk = !source.HasVideo || string.Equals(source.VideoCodec, "h264", StringComparison.Ordinal);
        var audioOk = !source.HasAudio || Array.IndexOf(CopyAudioCodecs, source.AudioCodec) >= 0;
        if (!videoOk || !audioOk)
        {
            throw new StreamingException(
                StreamingFailure.Unsupported,
                $"This box's hardware profile allows no transcoding and the source ({source.VideoCodec ?? "no video"}/{source.AudioCodec ?? "no audio"}) "
                + "is not H.264/AAC or MP3, which HLS could carry as is; play it directly or choose a profile with transcoding.");
        }

        return new HlsVariant("copy", source.Height, 0, 0, HlsVariantMode.Copy, "aac");
    }
}
