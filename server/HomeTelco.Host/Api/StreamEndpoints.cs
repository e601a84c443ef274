using System.Globalization;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Playback;
using HomeTelco.Media.Rights;
using HomeTelco.Media.Streaming;

namespace HomeTelco.Host.Api;

/// <summary>
/// On-the-fly HLS for library items (master, media playlists, segments), playback positions and signed
/// stream links. The HLS routes accept a signed link instead of a session, so they allow anonymous
/// requests and check access themselves; rights (libraries, content rating) apply either way.
/// </summary>
internal static class StreamEndpoints
{
    private const int MaxLinkMinutes = 7 * 24 * 60;

    public static void Map(RouteGroupBuilder api)
    {
        var media = api.MapGroup("/media/{id:int}").WithTags("Streaming");

        media.MapGet("/hls/master.m3u8", (int id, HttpContext http, MediaCatalog catalog, HlsStreamer streamer) =>
            Handle(http, catalog, id, (access, file, facts) =>
                Task.FromResult(StreamAccess.Playlist(streamer.MasterPlaylist(facts, access.Request, access.Query)))))
            .AllowAnonymous();

        media.MapGet("/hls/{variant}/index.m3u8", (int id, string variant, HttpContext http, MediaCatalog catalog, HlsStreamer streamer) =>
            Handle(http, catalog, id, async (access, file, facts) => StreamAccess.Playlist(
                await streamer.MediaPlaylistAsync(ItemKey(id), file.FullPath, facts, variant, access.Request, access.Query, http.RequestAborted).ConfigureAwait(false))))
            .AllowAnonymous();

        media.MapGet("/hls/{variant}/{segment}", (int id, string variant, string segment, HttpContext http, MediaCatalog catalog, HlsStreamer streamer) =>
            Handle(http, catalog, id, async (access, file, facts) => StreamAccess.Segment(
                await streamer.SegmentAsync(ItemKey(id), file.FullPath, facts, variant, segment, access.Request, http.RequestAborted).ConfigureAwait(false))))
            .AllowAnonymous();

        media.MapGet("/position", (int id, HttpContext http, MediaCatalog catalog, PositionService positions) =>
        {
            if (http.CurrentUser() is not { } user || catalog.FindItem(id) is not { } item || !MediaAccess.CanSee(user, item))
            {
                return NotFound(id);
            }

            var saved = positions.Find(user.Name, ItemKey(id));
            return Results.Ok(new PositionView(saved?.PositionSeconds ?? 0, saved?.DurationSeconds ?? item.DurationSeconds, saved?.UpdatedAt));
        });

        media.MapPut("/position", (int id, PositionChange body, HttpContext http, MediaCatalog catalog, PositionService positions) =>
        {
            if (http.CurrentUser() is not { } user || catalog.FindItem(id) is not { } item || !MediaAccess.CanSee(user, item))
            {
                return NotFound(id);
            }

            var saved = positions.Save(user.Name, ItemKey(id), body.PositionSeconds, item.DurationSeconds);
            return Results.Ok(new PositionView(saved.PositionSeconds, saved.DurationSeconds, saved.UpdatedAt));
        });

        api.MapPost("/stream-links", (StreamLinkRequest body, HttpContext http, MediaCatalog catalog, Media.Live.LiveSourceService live, StreamLinkSigner signer) =>
        {
            if (http.CurrentUser() is not { } user)
            {
                return Results.Unauthorized();
            }

            var lifetime = TimeSpan.FromMinutes(Math.Clamp(body.Minutes ?? 240, 1, MaxLinkMinutes));
            string path;
            string resource;
            if (body.ItemId is { } itemId && body.ChannelId is null)
            {
                if (catalog.FindItem(itemId) is not { } item || !MediaAccess.CanSee(user, item))
                {
                    return NotFound(itemId);
                }

                resource = ItemResource(itemId);
                path = string.Create(CultureInfo.InvariantCulture, $"/api/media/{itemId}/hls/master.m3u8");
            }
            else if (body.ChannelId is { } channelId && body.ItemId is null && live.FindChannel(channelId) is not null)
            {
                resource = LiveEndpoints.ChannelResource(channelId);
                path = $"/api/live/channels/{Uri.EscapeDataString(channelId)}/live.m3u8";
            }
            else
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: "Give either itemId (a media item) or channelId (a live channel that exists).");
            }

            var query = signer.Sign(resource, user.Name, lifetime);
            var url = $"{http.Request.Scheme}://{http.Request.Host}{path}{query}";
            return Results.Ok(new StreamLinkView(url, DateTimeOffset.UtcNow.Add(lifetime)));
        }).WithTags("Streaming");
    }

    public static string ItemResource(int id) => string.Create(CultureInfo.InvariantCulture, $"item:{id}");

    private static string ItemKey(int id) => id.ToString(CultureInfo.InvariantCulture);

    private static async Task<IResult> Handle(HttpContext http, MediaCatalog catalog, int id, Func<StreamAccess, MediaFile, SourceFacts, Task<IResult>> serve)
    {
        if (StreamAccess.Of(http, ItemResource(id)) is not { } access)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in", detail: "Sign in, or use a stream link that is signed and not expired.");
        }

        if (catalog.FindItem(id) is not { } item || !MediaAccess.CanSee(access.User, item))
        {
            return NotFound(id);
        }

        if (!item.Playable || catalog.ResolveFile(item) is not { } file)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"The file of media item {id} is not available or could not be read ({item.Problem ?? "library offline or file gone"}).");
        }

        try
        {
            return await serve(access, file, Facts(item)).ConfigureAwait(false);
        }
        catch (StreamingException e)
        {
            return StreamAccess.Problem(e);
        }
    }

    private static SourceFacts Facts(MediaItem item) => new(
        TimeSpan.FromSeconds(item.DurationSeconds),
        item.Container ?? string.Empty,
        item.VideoCodec,
        item.Width,
        item.Height,
        item.VideoBitrate,
        item.FrameRate,
        item.AudioCodec,
        item.AudioChannels);

    private static IResult NotFound(int id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no media item {id}.");

    /// <summary>Where the user is in an item.</summary>
    internal sealed record PositionChange(double PositionSeconds);

    internal sealed record PositionView(double PositionSeconds, double DurationSeconds, DateTimeOffset? UpdatedAt);

    /// <summary>A signed link to a media item or a live channel, valid for Minutes (default 240, at most a week).</summary>
    internal sealed record StreamLinkRequest(int? ItemId, string? ChannelId, int? Minutes);

    internal sealed record StreamLinkView(string Url, DateTimeOffset ExpiresAt);
}
