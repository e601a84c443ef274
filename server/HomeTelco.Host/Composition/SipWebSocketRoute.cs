using System.Net;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Host.Composition;

/// <summary>
/// <c>/sip</c>: SIP over WebSocket (RFC 7118) on the web server's ports, WS on HTTP and WSS on HTTPS. The client must
/// offer the <c>sip</c> subprotocol; anything else is refused before the upgrade. The SIP engine does the rest, with its
/// own digest authentication, so the route needs no sign-in.
/// </summary>
internal static class SipWebSocketRoute
{
    public const string Path = "/sip";

    public static IEndpointRouteBuilder MapSipWebSocket(this IEndpointRouteBuilder app)
    {
        app.Map(Path, ServeAsync).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task ServeAsync(HttpContext context)
    {
        var endpoint = context.RequestServices.GetRequiredService<ISipWebSocketEndpoint>();
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "This is SIP over WebSocket (RFC 7118): connect with a WebSocket and the 'sip' subprotocol.").ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.WebSocketRequestedProtocols.Contains(ISipWebSocketEndpoint.SubProtocol, StringComparer.Ordinal))
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, "The 'sip' WebSocket subprotocol is required (RFC 7118 §4).").ConfigureAwait(false);
            return;
        }

        if (!endpoint.IsAvailable)
        {
            await RefuseAsync(context, StatusCodes.Status503ServiceUnavailable, "SIP is not running on this box.").ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { SubProtocol = ISipWebSocketEndpoint.SubProtocol }).ConfigureAwait(false);
        var remote = new IPEndPoint(context.Connection.RemoteIpAddress ?? IPAddress.IPv6None, context.Connection.RemotePort);
        await endpoint.ServeAsync(socket, remote, context.Request.IsHttps, context.RequestAborted).ConfigureAwait(false);
    }

    // A body with a content type keeps the portal's status-code pages from replacing the answer with an HTML page.
    private static Task RefuseAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(reason, context.RequestAborted);
    }
}
