using System.Globalization;
using HomeTelco.Core;
using HomeTelco.Torrent.Engine;
using HomeTelco.Torrent.Picking;
using HomeTelco.Web;

namespace HomeTelco.Host.Api;

/// <summary>
/// Torrents: everyone signed in may list and add them, pause and start them, and choose file priorities;
/// admins remove them and change their limits. When the engine is off (torrent port 0) every route answers 503.
/// </summary>
internal static class TorrentEndpoints
{
    /// <summary>Largest .torrent file accepted.</summary>
    public const long MaxTorrentFileBytes = 16L * 1024 * 1024;

    public static void Map(RouteGroupBuilder api)
    {
        var torrents = api.MapGroup("/torrents").WithTags("Torrents");
        torrents.MapGet("/", (IServiceProvider sp) => Engine(sp).List().Select(TorrentApiView.From));

        torrents.MapGet("/{id}", (string id, IServiceProvider sp) =>
            Engine(sp).Find(id) is { } details ? Results.Ok(TorrentDetailsApiView.From(details)) : throw NotFound(id));

        torrents.MapPost("/", async (HttpContext http, IServiceProvider sp) =>
        {
            var engine = Engine(sp);
            var request = await ReadAddRequestAsync(http).ConfigureAwait(false);
            var view = await engine.AddAsync(request, http.RequestAborted).ConfigureAwait(false);
            return Results.Created($"/api/torrents/{view.Id}", TorrentApiView.From(view));
        }).WithMetadata(new RequestSizeLimit(MaxTorrentFileBytes + (64 * 1024))).DisableAntiforgery();

        torrents.MapPost("/{id}/pause", (string id, IServiceProvider sp) =>
        {
            Engine(sp).Pause(id);
            return Results.NoContent();
        });

        torrents.MapPost("/{id}/start", (string id, IServiceProvider sp) =>
        {
            Engine(sp).Start(id);
            return Results.NoContent();
        });

        torrents.MapPut("/{id}/files", (string id, Dictionary<string, string>? body, IServiceProvider sp) =>
        {
            Engine(sp).SetFilePriorities(id, ParsePriorities(body));
            return Results.NoContent();
        });

        torrents.MapDelete("/{id}", async (string id, bool? deleteData, IServiceProvider sp, CancellationToken cancellationToken) =>
        {
            await Engine(sp).RemoveAsync(id, deleteData ?? false, cancellationToken).ConfigureAwait(false);
            return Results.NoContent();
        }).RequireAuthorization(PortalAuth.AdminPolicy);

        torrents.MapPatch("/{id}", (string id, TorrentPatch? body, IServiceProvider sp) =>
        {
            if (body is null)
            {
                throw new BoxRequestException("Send a JSON body such as {\"downloadLimit\": 500000, \"sequential\": true}.");
            }


            var engine = Engine(sp);
            engine.Update(id, new TorrentUpdate
            {
                DownloadLimit = body.DownloadLimit,
                UploadLimit = body.UploadLimit,
                Sequential = body.Sequential,
                Urgent = body.Urgent,
                SeedRatio = body.SeedRatio,
                SeedMinutes = body.SeedMinutes,
            });
            return engine.Find(id) is { } details ? Results.Ok(TorrentDetailsApiView.From(details)) : throw NotFound(id);
        }).RequireAuthorization(PortalAuth.AdminPolicy);
    }

    private static ITorrentService Engine(IServiceProvider sp) =>
        sp.GetService<ITorrentService>() ?? throw new BadHttpRequestException("The BitTorrent engine is off (torrent port 0).", StatusCodes.Status503ServiceUnavailable);

    private static BoxRequestException NotFound(string id) => new($"No torrent with id '{id}'.") { IsNotFound = true };

    private static async Task<TorrentAddRequest> ReadAddRequestAsync(HttpContext http)
    {
        var request = http.Request;
        if (request.HasFormContentType)
        {
            if (request.ContentLength > MaxTorrentFileBytes + (64 * 1024))
            {
                throw TooLarge();
            }

            var form = await request.ReadFormAsync(http.RequestAborted).ConfigureAwait(false);
            var file = form.Files.GetFile("torrent") ?? throw new BoxRequestException("Send the .torrent file in the multipart field 'torrent'.");
            if (file.Length > MaxTorrentFileBytes)
            {
                throw TooLarge();
            }

            if (file.Length == 0)
            {
                throw new BoxRequestException("The .torrent file is empty.");
            }

            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes, http.RequestAborted).ConfigureAwait(false);
            }

            return new TorrentAddRequest
            {
                Metainfo = bytes,
                Paused = Flag(form["paused"]),
                Sequential = Flag(form["sequential"]),
                Urgent = Flag(form["urgent"]),
            };
        }

        TorrentAdd? body;
        try
        {
            body = await request.ReadFromJsonAsync<TorrentAdd>(http.RequestAborted).ConfigureAwait(false);
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }
        catch (InvalidOperationException)
        {
            body = null;
        }

        const string Hint = "Upload a .torrent file in the multipart field 'torrent', or send JSON {\"magnet\": \"magnet:?xt=...\"} or {\"url\": \"https://...\"}.";
        if (body is null || (string.IsNullOrWhiteSpace(body.Magnet) == string.IsNullOrWhiteSpace(body.Url)))
        {
            throw new BoxRequestException(Hint);
        }

        Uri? url = null;
        if (!string.IsNullOrWhiteSpace(body.Url)
            && (!Uri.TryCreate(body.Url.Trim(), UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
        {
            throw new BoxRequestException($"'{body.Url}' is not an http or https URL.");
        }

        return new TorrentAddRequest
        {
            Magnet = string.IsNullOrWhiteSpace(body.Magnet) ? null : body.Magnet.Trim(),
            Url = url,
            Paused = body.Paused ?? false,
            Sequential = body.Sequential ?? false,
            Urgent = body.Urgent ?? false,
        };
    }

    private static BadHttpRequestException TooLarge() =>
        new($"A .torrent file may be at most {MaxTorrentFileBytes / (1024 * 1024)} MiB.", StatusCodes.Status413PayloadTooLarge);

    private static bool Flag(string? value) => value is not null && (value is "on" or "1" || bool.TryParse(value, out var b) && b);

    private static Dictionary<int, FilePriority> ParsePriorities(Dictionary<string, string>? body)
    {
        const string Hint = "Send JSON such as {\"0\": \"skip\", \"3\": \"high\"}: file index to skip, normal or high.";
        if (body is null || body.Count == 0 || body.Count > 100_000)
        {
            throw new BoxRequestException(Hint);
        }

        var result = new Dictionary<int, FilePriority>();
        foreach (var (key, value) in body)
        {
            if (!int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                || !Enum.TryParse<FilePriority>(value, ignoreCase: true, out var priority)
                || !Enum.IsDefined(priority)
                || int.TryParse(value, out _))
            {
                throw new BoxRequestException($"'{key}': '{value}' is not a file index and priority. {Hint}");
            }

            result[index] = priority;
        }

        return result;
    }

    internal sealed record TorrentAdd(string? Magnet, string? Url, bool? Paused, bool? Sequential, bool? Urgent);

    internal sealed record TorrentPatch(long? DownloadLimit, long? UploadLimit, bool? Sequential, bool? Urgent, double? SeedRatio, double? SeedMinutes);
}
