using System.Buffers;
using System.Net;
using System.Net.WebSockets;
using HomeTelco.Sip.Parsing;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// The engine's side of SIP over WebSocket: admits the socket into the connection table (per-source and total limits),
/// then reads WebSocket messages, each one SIP message (RFC 7118 §5, datagram framing: text or binary, Content-Length
/// optional) or a CRLF keep-alive, until the end. The engine attaches itself while it runs.
/// </summary>
internal sealed class SipWebSocketEndpoint : ISipWebSocketEndpoint
{
    private const int InitialBuffer = 4096;
    private const WebSocketCloseStatus TryAgainLater = (WebSocketCloseStatus)1013;
    private static readonly TimeSpan CloseWait = TimeSpan.FromSeconds(2);

    private volatile Attachment? _attachment;

    public bool IsAvailable => _attachment is not null;

    /// <summary>The engine is running: sockets go into <paramref name="table"/> and messages to <paramref name="inbound"/>.</summary>
    public void Attach(SipConnectionTable table, ISipInbound inbound, SipParserLimits limits) => _attachment = new Attachment(table, inbound, limits);

    public void Detach() => _attachment = null;

    public async Task ServeAsync(WebSocket socket, IPEndPoint remote, bool secure, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(socket);
        ArgumentNullException.ThrowIfNull(remote);
        var attachment = _attachment;
        var kind = secure ? SipTransportKind.Wss : SipTransportKind.Ws;
        var connection = attachment?.Table.TryAccept(kind, SipAddresses.Normalize(remote), attachment.Table.Options.MessageTimeout);
        if (attachment is null || connection is null)
        {
            await CloseAsync(socket, TryAgainLater, attachment is null ? "SIP is not running" : "connection limit reached").ConfigureAwait(false);
            return;
        }

        var status = WebSocketCloseStatus.NormalClosure;
        await using (cancellationToken.Register(static c => ((SipConnection)c!).Close("request aborted"), connection).ConfigureAwait(false))
        {
            await attachment.Table.RunAsync(connection, async c => status = await ReceiveAsync(c, socket, attachment).ConfigureAwait(false)).ConfigureAwait(false);
        }

        await CloseAsync(socket, status, connection.CloseReason ?? "closed").ConfigureAwait(false);
    }

    private static async Task<WebSocketCloseStatus> ReceiveAsync(SipConnection connection, WebSocket socket, Attachment attachment)
    {
        connection.Start(new SipWebSocketWire(socket));
        var token = connection.Closing;
        var limit = attachment.Limits.MaxMessageSize;
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length)
                {
                    if (filled > limit)
                    {
                        connection.Close("message over the size limit");
                        return WebSocketCloseStatus.MessageTooBig;
                    }

                    // Grown only for the rare large message; one byte past the limit tells "too big" from "just fits".
                    var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit + 1));
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                ValueWebSocketReceiveResult received;
                try
                {
                    received = await socket.ReceiveAsync(buffer.AsMemory(filled), token).ConfigureAwait(false);
                }
                catch (WebSocketException) when (!token.IsCancellationRequested)
                {
                    // The peer went away without a close handshake (a closed browser tab): an ordinary end.
                    connection.Close("closed by the peer");
                    return WebSocketCloseStatus.NormalClosure;
                }

                connection.Touch();
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    connection.Close("closed by the peer");
                    return WebSocketCloseStatus.NormalClosure;
                }

                filled += received.Count;
                if (filled > limit)
                {
                    connection.Close("message over the size limit");
                    return WebSocketCloseStatus.MessageTooBig;
                }

                if (!received.EndOfMessage)
                {
                    connection.MessagePending();
                    continue;
                }

                connection.MessageDone();
                var message = buffer.AsSpan(0, filled);
                filled = 0;
                if (SipKeepAliveBytes.IsOnlyLineBreaks(message))
                {
                    if (SipKeepAliveBytes.IsPing(message))
                    {
                        connection.TryEnqueue(SipOutbound.Static(SipKeepAliveBytes.Pong));
                    }

                    continue;
                }

                // One SIP message per WebSocket message; it keeps slices of its own copy of the bytes.
                var result = SipParser.Parse(message.ToArray(), SipFraming.Datagram, attachment.Limits);
                await attachment.Inbound.OnMessageAsync(result, connection.EndPoint, token).ConfigureAwait(false);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    // Says goodbye when the socket can still carry a close frame; after a timeout or abort it is already gone.
    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var deadline = new CancellationTokenSource(CloseWait);
        try
        {
            await socket.CloseOutputAsync(status, reason, deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The peer went away first.
        }
    }

    private sealed record Attachment(SipConnectionTable Table, ISipInbound Inbound, SipParserLimits Limits);
}
