using System.Globalization;
using HomeTelco.Core.Users;
using HomeTelco.Media.Artwork;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Libraries;
using HomeTelco.Media.Metadata;
using HomeTelco.Media.Rights;
using HomeTelco.Web;
using Microsoft.Net.Http.Headers;

namespace HomeTelco.Host.Api;

/// <summary>
/// Media libraries (admins manage, everyone sees the ones granted), items by collection and search,
/// artwork, direct play with HTTP ranges, and per-account media rights. Items are reached by id
/// only: no endpoint takes a path.
/// </summary>
internal static class MediaEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        MapLibraries(api.MapGroup("/libraries").WithTags("Media"));
        var media = api.MapGroup("/media").WithTags("Media");
        MapBrowsing(media);
        MapFiles(media);
        MapRights(media);
    }

    private static void MapLibraries(RouteGroupBuilder libraries)
    {
        libraries.MapGet("/", (HttpContext http, MediaLibraryService service) =>
            http.CurrentUser() is { } user
                ? Results.Ok(service.List(MediaAccess.VisibleLibraries(user)).Select(l => LibraryApiView.From(l, http.IsAdmin())))
                : Results.Unauthorized());

        libraries.MapGet("/{id}", (int id, HttpContext http, MediaLibraryService service) =>
            http.CurrentUser() is { } user && MediaAccess.CanSeeLibrary(user, id) && service.Find(id) is { } library
                ? Results.Ok(LibraryApiView.From(library, http.IsAdmin()))
                : NotFound($"There is no library {id}."));

        libraries.MapPost("/", (NewLibrary body, MediaLibraryService service) =>
        {
            var library = service.Create(body.Name, body.Kind, body.Path);
            return Results.Created($"/api/libraries/{library.Id}", LibraryApiView.From(library, admin: true));
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        libraries.MapDelete("/{id}", (int id, MediaLibraryService service) =>
        {
            service.Remove(id);
            return Results.NoContent();
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        libraries.MapPost("/{id}/rescan", (int id, MediaLibraryService service) =>
            Results.Accepted($"/api/libraries/{id}", LibraryApiView.From(service.Rescan(id), admin: true)))
            .RequireAuthorization(PortalAuth.AdminPolicy);
    }

    private static void MapBrowsing(RouteGroupBuilder media)
    {
        media.MapGet("/collections/{name}", (string name, HttpContext http, MediaCatalog catalog) =>
        {
            if (http.CurrentUser() is not { } user)
            {
                return Results.Unauthorized();
            }

            if (MediaCollections.KindOf(name) is not { } kind)
            {
                return NotFound($"There is no collection '{name}'; the collections are {string.Join(", ", MediaCollections.Names)}.");
            }

            var items = MediaAccess.Filter(user, catalog.ItemsOfKind(kind, MediaAccess.VisibleLibraries(user)));
            return kind switch
            {
                MediaItemKind.Track when name.Equals("music", StringComparison.OrdinalIgnoreCase) => Results.Ok(MediaCollections.Music(items).Select(a => new
                {
                    a.Artist,
                    Albums = a.Albums.Select(al => new { al.Album, al.Year, Tracks = al.Tracks.Select(MediaItemView.From) }),
                })),
                MediaItemKind.Episode => Results.Ok(MediaCollections.Shows(items).Select(s => new
                {
                    s.Series,
                    Seasons = s.Seasons.Select(se => new { se.Season, Episodes = se.Episodes.Select(MediaItemView.From) }),
                })),
                _ => Results.Ok(MediaCollections.ByTitle(items).Take(MediaCatalog.MaxResults).Select(MediaItemView.From)),
            };
        });

        media.MapGet("/search", (string? q, HttpContext http, MediaCatalog catalog) =>
            http.CurrentUser() is { } user
                ? Results.Ok(MediaAccess.Filter(user, catalog.Search(q ?? "", MediaAccess.VisibleLibraries(user))).Select(MediaItemView.From))
                : Results.Unauthorized());

        media.MapGet("/{id}", (int id, HttpContext http, MediaCatalog catalog) =>
            Visible(http, catalog, id) is { } item ? Results.Ok(MediaItemView.From(item)) : NotFound($"There is no media item {id}."));

        media.MapPut("/{id}/rating", (int id, RatingChange body, MediaCatalog catalog) =>
        {
            var item = catalog.FindItem(id);
            if (item is null)
            {
                return NotFound($"There is no media item {id}.");
            }

            if (!string.IsNullOrWhiteSpace(body.Rating) && ContentRatings.Level(body.Rating) is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"'{body.Rating}' is not a content rating this box knows; use one of {string.Join(", ", ContentRatings.Choices)} (or TV-Y … TV-MA).");
            }

            catalog.SetAdminRating(item, body.Rating);
            return Results.Ok(MediaItemView.From(item));
        }).RequireAuthorization(PortalAuth.AdminPolicy);
    }

    private static void MapFiles(RouteGroupBuilder media)
    {
        // Direct play: ASP.NET Core's physical file result does Range (206, 416, a multi-range request
        // answered with the whole file), If-Range, If-None-Match/If-Modified-Since and HEAD.
        media.MapGet("/{id}/file", (int id, HttpContext http, MediaCatalog catalog) =>
        {
            if (Visible(http, catalog, id) is not { } item)
            {
                return NotFound($"There is no media item {id}.");
            }

            if (catalog.ResolveFile(item) is not { } file)
            {
                return NotFound($"The file of media item {id} is not available (library offline, file gone, or outside its library).");
            }

            // RFC 9110 §14.2: a range unit the server does not understand is ignored (whole file);
            // ASP.NET Core's range parser would otherwise read "items=0-9" as bytes.
            var range = http.Request.Headers.Range.ToString();
            if (range.Length > 0 && !range.TrimStart().StartsWith("bytes=", StringComparison.OrdinalIgnoreCase))
            {
                http.Request.Headers.Remove("Range");
            }

            var info = new FileInfo(file.FullPath);
            LargeFileBodyFeature.Install(http);
            return Results.File(
                file.FullPath,
                MediaContentTypes.Of(file.FullPath),
                enableRangeProcessing: true,
                lastModified: info.LastWriteTimeUtc,
                entityTag: EntityTag(info.Length, info.LastWriteTimeUtc.Ticks));
        });

        media.MapGet("/{id}/artwork", (int id, HttpContext http, MediaCatalog catalog, MediaArtwork artwork) =>
        {
            if (Visible(http, catalog, id) is not { } item || artwork.FileOf(item) is not { } path)
            {
                return NotFound($"Media item {id} has no artwork.");
            }

            var info = new FileInfo(path);
            // Private: artwork follows the account's rights, so shared caches must not keep it.
            http.Response.Headers.CacheControl = "private, max-age=86400";
            return Results.File(path, "image/jpeg", lastModified: info.LastWriteTimeUtc, entityTag: EntityTag(info.Length, info.LastWriteTimeUtc.Ticks));
        });
    }

    private static void MapRights(RouteGroupBuilder media)
    {
        media.MapGet("/access/{name}", (string name, UserService users) =>
            users.Find(name) is { } user ? Results.Ok(AccessView.From(user)) : NotFound($"There is no user {name}."))
            .RequireAuthorization(PortalAuth.AdminPolicy);

        media.MapPut("/access/{name}", (string name, AccessChange body, UserService users, MediaCatalog catalog) =>
        {
            var ids = body.LibraryIds ?? [];
            var unknown = ids.Where(id => catalog.FindLibrary(id) is null).ToList();
            if (unknown.Count > 0)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"There is no library {string.Join(", ", unknown)}.");
            }

            if (!string.IsNullOrWhiteSpace(body.MaxContentRating) && ContentRatings.Level(body.MaxContentRating) is null)
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: $"'{body.MaxContentRating}' is not a content rating this box knows; use one of {string.Join(", ", ContentRatings.Choices)}.");
            }

            return Results.Ok(AccessView.From(users.SetMediaAccess(name, ids, body.MaxContentRating)));
        }).RequireAuthorization(PortalAuth.AdminPolicy);
    }

    /// <summary>The item when it exists and the signed-in account may see it; null otherwise (both answer 404, so ids do not leak).</summary>
    private static MediaItem? Visible(HttpContext http, MediaCatalog catalog, int id) =>
        http.CurrentUser() is { } user && catalog.FindItem(id) is { } item && MediaAccess.CanSee(user, item) ? item : null;

    private static EntityTagHeaderValue EntityTag(long length, long ticks) =>
        new("\"" + length.ToString("x", CultureInfo.InvariantCulture) + "-" + ticks.ToString("x", CultureInfo.InvariantCulture) + "\"");

    private static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>A new library: its name, kind (music, video, podcasts, downloads, recordings) and absolute folder path.</summary>
    internal sealed record NewLibrary(string? Name, string? Kind, string? Path);

    /// <summary>An admin's rating for an item; empty clears it (the file's own rating applies again).</summary>
    internal sealed record RatingChange(string? Rating);

    /// <summary>Which libraries a member sees and the highest rating shown to them (empty: no limit).</summary>
    internal sealed record AccessChange(IReadOnlyList<int>? LibraryIds, string? MaxContentRating);

    /// <summary>An account's media rights.</summary>
    internal sealed record AccessView(string Name, IReadOnlyList<int> LibraryIds, string? MaxContentRating)
    {
        public static AccessView From(User user) => new(user.Name, user.MediaLibraryIds, user.MaxContentRating);
    }
}
