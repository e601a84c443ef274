using System.Net;
using System.Net.WebSockets;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// SIP over WebSocket (RFC 7118) for the host's web server, which accepts the upgrade (with the <see cref="SubProtocol"/>
/// subprotocol, which the client must offer) and hands the socket over. Each WebSocket message carries one SIP message;
/// the same connection limits and timeouts apply as to SIP over TCP.
/// </summary>
public interface ISipWebSocketEndpoint
{
    /// <summary>The WebSocket subprotocol of SIP (RFC 7118 §4).</summary>
    const string SubProtocol = "sip";

    /// <summary>False while the SIP engine is not running (starting, stopped, or turned off): refuse the upgrade then.</summary>
    bool IsAvailable { get; }

    /// <summary>
    /// Serves one accepted WebSocket until either side closes it, the connection times out, or
    /// <paramref name="cancellationToken"/> (the request's abort) fires.
    /// </summary>
    /// <param name="socket">The accepted socket; the caller disposes it after this returns.</param>
    /// <param name="remote">The client's address and port, as the web server saw them.</param>
    /// <param name="secure">True when the request came over HTTPS (Via transport WSS), else WS.</param>
    /// <param name="cancellationToken">Ends the session when the request is aborted.</param>
    Task ServeAsync(WebSocket socket, IPEndPoint remote, bool secure, CancellationToken cancellationToken);
}
