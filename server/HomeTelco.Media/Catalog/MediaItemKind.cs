namespace HomeTelco.Media.Catalog;

/// <summary>What an item is, which decides the collection it appears in.</summary>
public enum MediaItemKind
{
    /// <summary>A song (Music: artist, album, track).</summary>
    Track,

    /// <summary>A film (Movies).</summary>
    Movie,

    /// <summary>An episode of a show (Shows: series, season, episode).</summary>
    Episode,

    /// <summary>A podcast episode (Podcasts).</summary>
    Podcast,

    /// <summary>A capture of a live source (Recordings).</summary>
    Recording,

    /// <summary>A file that could not be probed or holds no audio or video; kept with its reason.</summary>
    Unplayable,
}
