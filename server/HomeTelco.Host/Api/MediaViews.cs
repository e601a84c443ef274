using System.Globalization;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Libraries;

namespace HomeTelco.Host.Api;

/// <summary>A media item as the API shows it: facts and metadata, links to its file and artwork, never a path.</summary>
internal sealed record MediaItemView(
    int Id,
    int LibraryId,
    string Kind,
    string Title,
    string? Artist,
    string? AlbumArtist,
    string? Album,
    int? Track,
    int? Disc,
    int? Year,
    string? Genre,
    string? Series,
    int? Season,
    int? Episode,
    string? Rating,
    double DurationSeconds,
    string? Container,
    string? VideoCodec,
    int Width,
    int Height,
    double FrameRate,
    string? AudioCodec,
    int AudioChannels,
    long Bitrate,
    bool Playable,
    string? Problem,
    string FileUrl,
    string? ArtworkUrl)
{
    public static MediaItemView From(MediaItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var id = item.Id.ToString(CultureInfo.InvariantCulture);
        return new(
            item.Id, item.LibraryId, item.Kind.ToString().ToLowerInvariant(), item.Title, item.Artist, item.AlbumArtist, item.Album,
            item.TrackNumber, item.DiscNumber, item.Year, item.Genre, item.Series, item.Season, item.Episode, item.EffectiveRating,
            item.DurationSeconds, item.Container, item.VideoCodec, item.Width, item.Height, item.FrameRate, item.AudioCodec, item.AudioChannels,
            item.Bitrate, item.Playable, item.Problem, $"/api/media/{id}/file", item.ArtworkFile is null ? null : $"/api/media/{id}/artwork");
    }
}

/// <summary>A library as the API shows it; the folder path only to admins.</summary>
internal sealed record LibraryApiView(int Id, string Name, string Kind, string? Path, bool Offline, DateTimeOffset? LastScanAt, int Items, ScanView Scan)
{
    public static LibraryApiView From(LibraryView library, bool admin)
    {
        ArgumentNullException.ThrowIfNull(library);
        var scan = library.Scan;
        return new(library.Id, library.Name, library.Kind.ToString().ToLowerInvariant(), admin ? library.Path : null, library.Offline, library.LastScanAt, library.Items,
            new ScanView(scan.State.ToString().ToLowerInvariant(), scan.FilesSeen, scan.FilesToProbe, scan.FilesProbed, scan.Percent, scan.LastScanFiles, scan.LastScanSeconds, scan.Message));
    }
}

/// <summary>Scan state and progress for the progress bar.</summary>
internal sealed record ScanView(string State, int FilesSeen, int FilesToProbe, int FilesProbed, int Percent, int LastScanFiles, double LastScanSeconds, string? Message);
