using System.Globalization;
using HomeTelco.Core.Users;
using HomeTelco.Media.Playback;
using HomeTelco.Media.Streaming;

namespace HomeTelco.Host.Api;

/// <summary>
/// Who is asking for a stream: the signed-in account, or the account a signed link was made for (so VLC,
/// mpv or Safari need no cookie). Also what to append to the playlist's URIs so the player's next requests
/// carry the same link, and the quality ceiling (remote clients get a lower default).
/// </summary>
internal sealed record StreamAccess(User User, string Query, StreamRequest Request)
{
    public static StreamAccess? Of(HttpContext http, string resource)
    {
        var user = http.CurrentUser();
        var query = string.Empty;
        if (user is null)
        {
            var q = http.Request.Query;
            var signer = http.RequestServices.GetRequiredService<StreamLinkSigner>();
            if (signer.Verify(resource, q["u"], q["exp"], q["sig"]) is not { } name)
            {
                return null;
            }

            user = http.RequestServices.GetRequiredService<UserService>().Find(name);
            if (user is null)
            {
                return null;
            }

            query = string.Create(CultureInfo.InvariantCulture, $"?u={Uri.EscapeDataString(q["u"].ToString())}&exp={q["exp"]}&sig={q["sig"]}");
        }

        // ?maxHeight=N overrides the default ceiling (none at home, 480 from outside); ?opus=1 adds Opus audio.
        // No address means an in-process or Unix-socket client, which is on the box itself.
        var remote = http.Connection.RemoteIpAddress;
        var local = remote is null || NetworkLocality.IsLocal(remote);
        var maxHeight = local ? 0 : NetworkLocality.RemoteMaxHeight;
        if (int.TryParse(http.Request.Query["maxHeight"], NumberStyles.None, CultureInfo.InvariantCulture, out var asked) && asked is >= 0 and <= 4320)
        {
            maxHeight = asked;
            query = Append(query, string.Create(CultureInfo.InvariantCulture, $"maxHeight={asked}"));
        }

        var opus = http.Request.Query["opus"] == "1";
        if (opus)
        {
            query = Append(query, "opus=1");
        }

        return new StreamAccess(user, query, new StreamRequest(maxHeight, opus));
    }

    /// <summary>Maps a streaming failure to a problem response with the engine's reason.</summary>
    public static IResult Problem(StreamingException e) => e.Failure switch
    {
        StreamingFailure.NotFound => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: e.Message),
        StreamingFailure.Unsupported => Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Cannot stream this", detail: e.Message),
        StreamingFailure.Busy => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Busy", detail: e.Message),
        _ => Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Encoder failed", detail: e.Message),
    };

    public static IResult Playlist(string text) =>
        Results.Text(text, "application/vnd.apple.mpegurl");

    /// <summary>A segment file, opened now so a sliding live window deleting it mid-send does no harm.</summary>
    public static IResult Segment(string path)
    {
        var type = Path.GetExtension(path) switch
        {
            ".m4s" => "video/iso.segment",
            ".mp4" => "video/mp4",
            _ => "video/mp2t",
        };
        try
        {
            return Results.Stream(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 64 * 1024, useAsync: true), type);
        }
        catch (FileNotFoundException)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "That segment is gone.");
        }
    }

    private static string Append(string query, string pair) => query.Length == 0 ? "?" + pair : query + "&" + pair;
}
