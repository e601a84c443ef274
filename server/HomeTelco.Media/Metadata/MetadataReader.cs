using System.Globalization;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Libraries;
using HomeTelco.Media.Scanning;

namespace HomeTelco.Media.Metadata;

/// <summary>Fills an item's probe facts and metadata from ffprobe's result, its tags and its file name.</summary>
internal static class MetadataReader
{
    public static void Apply(MediaItem item, ProbeResult probe, MediaLibraryKind libraryKind)
    {
        var name = FileNameFacts.From(item.RelativePath);
        ClearFacts(item);
        item.Title = name.Title;
        if (probe.Problem is not null)
        {
            item.Kind = MediaItemKind.Unplayable;
            item.Problem = probe.Problem;
            return;
        }

        item.Problem = null;
        item.Container = probe.FormatName;
        item.DurationSeconds = Math.Round(probe.DurationSeconds, 3);
        item.Bitrate = probe.Bitrate;
        if (probe.Video is { } video)
        {
            item.VideoCodec = video.Codec;
            item.Width = video.Width;
            item.Height = video.Height;
            item.VideoBitrate = video.Bitrate;
            item.FrameRate = video.FrameRate;
            item.PixelFormat = video.PixelFormat;
        }

        if (probe.Audio is { } audio)
        {
            item.AudioCodec = audio.Codec;
            item.AudioChannels = audio.Channels;
        }

        item.HasEmbeddedCover = probe.Cover is not null;

        var tags = probe.Tags;
        item.Title = Tag(tags, "title") ?? name.Title;
        item.Artist = Tag(tags, "artist");
        item.AlbumArtist = Tag(tags, "album_artist", "albumartist", "album artist");
        item.Album = Tag(tags, "album");
        item.Genre = Tag(tags, "genre");
        item.TrackNumber = LeadingInt(Tag(tags, "track", "tracknumber")) ?? name.Track;
        item.DiscNumber = LeadingInt(Tag(tags, "disc", "discnumber"));
        item.Year = Year(Tag(tags, "date", "year", "originaldate", "creation_time")) ?? name.Year;
        item.Rating = ContentRatings.FromTags(tags);
        item.Series = Tag(tags, "show", "series", "tvshow");
        item.Season = LeadingInt(Tag(tags, "season_number", "season"));
        item.Episode = LeadingInt(Tag(tags, "episode_sort", "episode_number", "episode"));
        if (item.Series is null && name.IsEpisode)
        {
            item.Series = name.Series;
            item.Season ??= name.Season;
            item.Episode ??= name.Episode;
        }

        item.Kind = Classify(item, libraryKind);
        if (item.Kind != MediaItemKind.Episode)
        {
            item.Series = null;
            item.Season = null;
            item.Episode = null;
        }
    }

    private static MediaItemKind Classify(MediaItem item, MediaLibraryKind libraryKind)
    {
        var isVideo = item.VideoCodec is not null;
        var isEpisode = isVideo && item.Series is not null && item.Episode is not null;
        return libraryKind switch
        {
            MediaLibraryKind.Music => MediaItemKind.Track,
            MediaLibraryKind.Podcasts => MediaItemKind.Podcast,
            MediaLibraryKind.Recordings => MediaItemKind.Recording,
            _ when isEpisode => MediaItemKind.Episode,
            _ when isVideo => MediaItemKind.Movie,
            _ => MediaItemKind.Track,
        };
    }

    private static void ClearFacts(MediaItem item)
    {
        item.Container = null;
        item.DurationSeconds = 0;
        item.Bitrate = 0;
        item.VideoCodec = null;
        item.Width = 0;
        item.Height = 0;
        item.VideoBitrate = 0;
        item.FrameRate = 0;
        item.PixelFormat = null;
        item.AudioCodec = null;
        item.AudioChannels = 0;
        item.HasEmbeddedCover = false;
        item.Artist = null;
        item.AlbumArtist = null;
        item.Album = null;
        item.Genre = null;
        item.TrackNumber = null;
        item.DiscNumber = null;
        item.Year = null;
        item.Rating = null;
        item.Series = null;
        item.Season = null;
        item.Episode = null;
    }

    private static string? Tag(IReadOnlyDictionary<string, string> tags, params string[] names)
    {
        foreach (var name in names)
        {
            if (tags.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Length > 256 ? value[..256] : value;
            }
        }

        return null;
    }

    /// <summary>"3/12" → 3, "03" → 3; null for anything without a leading number.</summary>
    private static int? LeadingInt(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var end = 0;
        while (end < text.Length && end < 6 && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end > 0 && int.TryParse(text.AsSpan(0, end), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : null;
    }

    /// <summary>"2021", "2021-05-03", "2021-05-03T10:00:00Z" → 2021.</summary>
    private static int? Year(string? text) =>
        text is { Length: >= 4 } && int.TryParse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var y) && y is >= 1800 and <= 2200 ? y : null;
}
