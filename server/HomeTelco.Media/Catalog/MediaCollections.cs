namespace HomeTelco.Media.Catalog;

/// <summary>The collections the portal browses, built from already filtered items.</summary>
public static class MediaCollections
{
    /// <summary>The collection names the API and the portal use.</summary>
    public static IReadOnlyList<string> Names { get; } = ["music", "movies", "shows", "podcasts", "recordings"];

    /// <summary>The item kind a flat collection lists; null for a name that is not one.</summary>
    public static MediaItemKind? KindOf(string collection) => collection.ToLowerInvariant() switch
    {
        "music" => MediaItemKind.Track,
        "movies" => MediaItemKind.Movie,
        "shows" => MediaItemKind.Episode,
        "podcasts" => MediaItemKind.Podcast,
        "recordings" => MediaItemKind.Recording,
        "unplayable" => MediaItemKind.Unplayable,
        _ => null,
    };

    /// <summary>Music: artist (album artist first) → album → tracks in disc and track order.</summary>
    public static IReadOnlyList<ArtistGroup> Music(IEnumerable<MediaItem> tracks) =>
        tracks.GroupBy(t => t.AlbumArtist ?? t.Artist ?? "Unknown artist", StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(artist => new ArtistGroup(
                artist.Key,
                artist.GroupBy(t => t.Album ?? "Unknown album", StringComparer.OrdinalIgnoreCase)
                    .OrderBy(a => a.Min(t => t.Year ?? int.MaxValue)).ThenBy(a => a.Key, StringComparer.OrdinalIgnoreCase)
                    .Select(album => new AlbumGroup(
                        album.Key,
                        album.Select(t => t.Year).FirstOrDefault(y => y is not null),
                        album.OrderBy(t => t.DiscNumber ?? 1).ThenBy(t => t.TrackNumber ?? int.MaxValue).ThenBy(t => t.Title, StringComparer.OrdinalIgnoreCase).ToList()))
                    .ToList()))
            .ToList();

    /// <summary>Shows: series → season → episodes in order.</summary>
    public static IReadOnlyList<SeriesGroup> Shows(IEnumerable<MediaItem> episodes) =>
        episodes.GroupBy(e => e.Series ?? "Unknown series", StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
            .Select(series => new SeriesGroup(
                series.Key,
                series.GroupBy(e => e.Season ?? 0).OrderBy(s => s.Key)
                    .Select(season => new SeasonGroup(season.Key, season.OrderBy(e => e.Episode ?? int.MaxValue).ThenBy(e => e.Title, StringComparer.OrdinalIgnoreCase).ToList()))
                    .ToList()))
            .ToList();

    /// <summary>A flat collection (movies, podcasts, recordings) by title.</summary>
    public static IReadOnlyList<MediaItem> ByTitle(IEnumerable<MediaItem> items) =>
        items.OrderBy(i => i.Title, StringComparer.OrdinalIgnoreCase).ThenBy(i => i.Year).ToList();
}

/// <summary>An artist with their albums.</summary>
public sealed record ArtistGroup(string Artist, IReadOnlyList<AlbumGroup> Albums);

/// <summary>An album with its tracks.</summary>
public sealed record AlbumGroup(string Album, int? Year, IReadOnlyList<MediaItem> Tracks);

/// <summary>A show with its seasons.</summary>
public sealed record SeriesGroup(string Series, IReadOnlyList<SeasonGroup> Seasons);

/// <summary>A season with its episodes.</summary>
public sealed record SeasonGroup(int Season, IReadOnlyList<MediaItem> Episodes);
