using System.Net.WebSockets;
using System.Text.Unicode;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// A WebSocket as a wire: each SIP message is one WebSocket message (RFC 7118 §5), sent as text when it is valid UTF-8
/// (what browser clients expect) and as binary otherwise (a body in another encoding).
/// </summary>
internal sealed class SipWebSocketWire(WebSocket socket) : ISipWire
{
    public ValueTask WriteAsync(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var type = Utf8.IsValid(bytes.Span) ? WebSocketMessageType.Text : WebSocketMessageType.Binary;
        return socket.SendAsync(bytes, type, endOfMessage: true, cancellationToken);
    }

    /// <summary>The web server owns the socket and ends it when the request returns; nothing to release here.</summary>
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
