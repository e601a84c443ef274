using LiteDB;

namespace HomeTelco.Media.Catalog;

/// <summary>
/// One media file of a library with what ffprobe found in it and the metadata read from its tags and
/// name. Stored in the <c>media_items</c> collection; the id stays the same across rescans because an
/// item is matched by <see cref="PathKey"/>.
/// </summary>
public sealed class MediaItem
{
    public int Id { get; set; }

    public int LibraryId { get; set; }

    /// <summary>Path below the library root with '/' separators; never rooted, never "..".</summary>
    public string RelativePath { get; set; } = "";

    /// <summary>"{LibraryId}:{RelativePath}": unique, the key a rescan matches on.</summary>
    public string PathKey { get; set; } = "";

    /// <summary>File size in bytes when it was last probed.</summary>
    public long Size { get; set; }

    /// <summary>Last write time (UTC ticks) when it was last probed; with <see cref="Size"/> decides "changed".</summary>
    public long ModifiedTicks { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public MediaItemKind Kind { get; set; }

    /// <summary>Why the file cannot be played (truncated, not media, probe timed out); null when playable.</summary>
    public string? Problem { get; set; }

    // ---- Probe facts (what the streaming engine needs to decide direct play or transcode) ----

    /// <summary>Duration in seconds; 0 when unknown.</summary>
    public double DurationSeconds { get; set; }

    /// <summary>ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2", "matroska,webm", "mp3", "flac".</summary>
    public string? Container { get; set; }

    /// <summary>Overall bit rate in bits per second; 0 when unknown.</summary>
    public long Bitrate { get; set; }

    /// <summary>Codec of the main video stream (not a cover picture), e.g. "h264", "hevc"; null for audio.</summary>
    public string? VideoCodec { get; set; }

    public int Width { get; set; }

    public int Height { get; set; }

    /// <summary>Video stream bit rate in bits per second; 0 when the container does not say.</summary>
    public long VideoBitrate { get; set; }

    /// <summary>Frames per second of the video stream; 0 when unknown.</summary>
    public double FrameRate { get; set; }

    /// <summary>Pixel format of the video stream, e.g. "yuv420p", "yuv420p10le".</summary>
    public string? PixelFormat { get; set; }

    /// <summary>Codec of the first audio stream, e.g. "aac", "mp3", "flac"; null without audio.</summary>
    public string? AudioCodec { get; set; }

    public int AudioChannels { get; set; }

    /// <summary>True when the file carries a cover picture (an attached_pic stream).</summary>
    public bool HasEmbeddedCover { get; set; }

    // ---- Metadata (tags and file name) ----

    public string Title { get; set; } = "";

    public string? Artist { get; set; }

    public string? AlbumArtist { get; set; }

    public string? Album { get; set; }

    public int? TrackNumber { get; set; }

    public int? DiscNumber { get; set; }

    public int? Year { get; set; }

    public string? Genre { get; set; }

    /// <summary>Show name for episodes.</summary>
    public string? Series { get; set; }

    public int? Season { get; set; }

    public int? Episode { get; set; }

    /// <summary>Content rating from the tags ("PG-13", "TV-MA", ...); null when the file has none.</summary>
    public string? Rating { get; set; }

    /// <summary>A rating an admin set, which wins over <see cref="Rating"/>.</summary>
    public string? AdminRating { get; set; }

    /// <summary>Title, artists, album and series folded to lower case without accents: what search matches.</summary>
    public string SearchText { get; set; } = "";

    /// <summary>File name of the artwork under the artwork folder, when there is one.</summary>
    public string? ArtworkFile { get; set; }

    /// <summary>The rating that applies: the admin's, else the file's.</summary>
    [BsonIgnore]
    public string? EffectiveRating => AdminRating ?? Rating;

    /// <summary>True when the file can be played (it was probed and holds audio or video).</summary>
    [BsonIgnore]
    public bool Playable => Problem is null;
}
