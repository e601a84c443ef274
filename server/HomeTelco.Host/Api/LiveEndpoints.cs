using HomeTelco.Media.Live;
using HomeTelco.Media.Streaming;
using HomeTelco.Web;

namespace HomeTelco.Host.Api;

/// <summary>
/// Live TV: sources (admins add IPTV playlists with guides, or capture devices), channels with now/next,
/// and each channel's live HLS playlist and segments (signed links accepted, like VOD streams).
/// </summary>
internal static class LiveEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var live = api.MapGroup("/live").WithTags("Live TV");

        live.MapGet("/sources", (LiveSourceService sources) => sources.List().Select(SourceView.From))
            .RequireAuthorization(PortalAuth.AdminPolicy);

        live.MapPost("/sources", async (NewSource body, LiveSourceService sources, CancellationToken cancellationToken) =>
        {
            var source = await sources.AddAsync(
                new NewLiveSource { Name = body.Name, Playlist = body.Playlist, Guide = body.Guide, Device = body.Device, PlaylistUrl = body.PlaylistUrl, GuideUrl = body.GuideUrl },
                cancellationToken).ConfigureAwait(false);
            return Results.Created($"/api/live/sources/{source.Id}", SourceView.From(source));
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        live.MapPost("/sources/{id}/refresh", async (string id, LiveSourceService sources, CancellationToken cancellationToken) =>
            SourceView.From(await sources.RefreshAsync(id, cancellationToken).ConfigureAwait(false)))
            .RequireAuthorization(PortalAuth.AdminPolicy);

        live.MapDelete("/sources/{id}", (string id, LiveSourceService sources) =>
        {
            sources.Remove(id);
            return Results.NoContent();
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        live.MapGet("/channels", (LiveSourceService sources) => sources.Channels().Select(c =>
        {
            var (now, next) = sources.NowNext(c);
            return new ChannelView(c.Id, c.Name, c.Group, c.IsDevice, Programme(now), Programme(next));
        }));

        live.MapGet("/channels/{id}/live.m3u8", async (string id, HttpContext http, LiveSourceService sources, LiveStreamer streamer) =>
        {
            if (StreamAccess.Of(http, ChannelResource(id)) is not { } access)
            {
                return Unauthorized();
            }

            if (sources.FindChannel(id) is not { } channel)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"There is no channel '{id}'.");
            }

            try
            {
                var text = await streamer.PlaylistAsync(channel, Viewer(http, access), access.Query, http.RequestAborted).ConfigureAwait(false);
                http.Response.Headers.CacheControl = "no-store";
                return StreamAccess.Playlist(text);
            }
            catch (StreamingException e)
            {
                return StreamAccess.Problem(e);
            }
        }).AllowAnonymous();

        live.MapGet("/channels/{id}/{segment}", (string id, string segment, HttpContext http, LiveStreamer streamer) =>
        {
            if (StreamAccess.Of(http, ChannelResource(id)) is not { } access)
            {
                return Unauthorized();
            }

            try
            {
                return StreamAccess.Segment(streamer.Segment(id, Viewer(http, access), segment));
            }
            catch (StreamingException e)
            {
                return StreamAccess.Problem(e);
            }
        }).AllowAnonymous();
    }

    public static string ChannelResource(string id) => "live:" + id;

    // One viewer per account and address: two tabs of one person count once, two people twice.
    private static string Viewer(HttpContext http, StreamAccess access) => access.User.Name + "@" + http.Connection.RemoteIpAddress;

    private static IResult Unauthorized() =>
        Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign in", detail: "Sign in, or use a stream link that is signed and not expired.");

    private static ProgrammeView? Programme(GuideProgramme? p) => p is null ? null : new ProgrammeView(p.Title, p.Start, p.Stop);

    /// <summary>A new source: a name and either an M3U playlist's text (with an optional XMLTV guide's text) or a /dev/videoN device.</summary>
    internal sealed record NewSource(string? Name, string? Playlist, string? Guide, string? Device, string? PlaylistUrl, string? GuideUrl);

    internal sealed record SourceView(
        string Id, string Name, string Kind, string Device, bool HasGuide, DateTimeOffset AddedAt, string PlaylistUrl, string GuideUrl, DateTimeOffset? RefreshedAt, string RefreshError)
    {
        public static SourceView From(LiveSource s) =>
            new(s.Id, s.Name, s.Device.Length > 0 ? "device" : "m3u", s.Device, s.Guide.Length > 0, s.AddedAt, s.PlaylistUrl, s.GuideUrl, s.RefreshedAt, s.RefreshError);
    }

    internal sealed record ChannelView(string Id, string Name, string Group, bool IsDevice, ProgrammeView? Now, ProgrammeView? Next);

    internal sealed record ProgrammeView(string Title, DateTimeOffset Start, DateTimeOffset Stop);
}
