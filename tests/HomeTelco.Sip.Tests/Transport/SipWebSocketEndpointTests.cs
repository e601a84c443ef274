using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

/// The engine's WebSocket side (RFC 7118) over a real loopback socket pair, without the web server (the host's test
/// covers the upgrade and the subprotocol); timeouts on the harness's fake clock.
public sealed class SipWebSocketEndpointTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Options_AnsweredInOneTextMessage_OverTheSameSocket(bool secure)
    {
        var expected = secure ? SipTransportKind.Wss : SipTransportKind.Ws;
        await using var box = TransportHarness.Start();
        await using var pair = await SocketPair.OpenAsync(box, secure);

        await pair.SendAsync(SipText.Options(secure ? "WSS" : "WS", "z9hG4bK-ws1").Replace("127.0.0.1:5999", "df7jal23ls0d.invalid", StringComparison.Ordinal));

        var (result, source) = await box.Inbound.NextAsync();
        Assert.True(result.IsComplete);
        Assert.Equal(expected, source.Transport);
        var (type, text) = await pair.ReceiveAsync();
        Assert.Equal(WebSocketMessageType.Text, type);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", text, StringComparison.Ordinal);
        Assert.Contains("branch=z9hG4bK-ws1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BinaryMessageInSeveralFrames_IsOneSipMessage()
    {
        await using var box = TransportHarness.Start();
        await using var pair = await SocketPair.OpenAsync(box);
        var bytes = SipText.Bytes(SipText.Options("WS", "z9hG4bK-frag", body: new string('x', 9000)));

        await pair.Client.SendAsync(bytes.AsMemory(0, 100), WebSocketMessageType.Binary, endOfMessage: false, Wait.Soon());
        await pair.Client.SendAsync(bytes.AsMemory(100), WebSocketMessageType.Binary, endOfMessage: true, Wait.Soon());

        var message = (await box.Inbound.NextAsync()).Result.Message!;
        Assert.Equal(9000, message.Body.Length);
        Assert.False(box.Inbound.TryNext(out _));
    }

    [Fact]
    public async Task CrLfPing_AnsweredWithCrLfPong()
    {
        await using var box = TransportHarness.Start();
        await using var pair = await SocketPair.OpenAsync(box);

        await pair.SendAsync("\r\n\r\n");

        Assert.Equal("\r\n", (await pair.ReceiveAsync()).Text);
        Assert.False(box.Inbound.TryNext(out _));
    }

    [Fact]
    public async Task MessageOverTheSizeLimit_ClosedWithMessageTooBig()
    {
        await using var box = TransportHarness.Start(new SipTransportOptions { MaxMessageSize = 2000 });
        await using var pair = await SocketPair.OpenAsync(box);

        await pair.SendAsync(SipText.Options("WS", "z9hG4bK-big", body: new string('x', 5000)));

        await pair.ReceiveAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, pair.Client.CloseStatus);
        Assert.False(box.Inbound.TryNext(out _));
    }

    [Fact]
    public async Task PerSourceLimit_ExtraSocketClosedAtOnceWithTryAgainLater()
    {
        await using var box = TransportHarness.Start(new SipTransportOptions { MaxConnectionsPerSource = 2 });
        await using var first = await SocketPair.OpenAsync(box);
        await using var second = await SocketPair.OpenAsync(box);
        await Wait.UntilAsync(() => box.Table.Count == 2, "two are in");

        await using var third = await SocketPair.OpenAsync(box);

        await third.ReceiveAsync();
        Assert.Equal(1013, (int?)third.Client.CloseStatus);
        await first.SendAsync(SipText.Options("WS", "z9hG4bK-still"));
        Assert.True((await box.Inbound.NextAsync()).Result.IsComplete);
    }

    [Fact]
    public async Task Idle_ClosedAfterTheTimeout_UnlessPinned_AndTheClosureIsTold()
    {
        await using var box = TransportHarness.Start();
        var closed = new TaskCompletionSource<SipConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        box.Table.ConnectionClosed += (_, e) => closed.TrySetResult(e);
        await using var pinned = await SocketPair.OpenAsync(box);
        await pinned.SendAsync(SipText.Options("WS", "z9hG4bK-wspin"));
        var id = (await box.Inbound.NextAsync()).Source.ConnectionId!.Value;
        await pinned.ReceiveAsync();
        await using var idle = await SocketPair.OpenAsync(box);
        await Wait.UntilAsync(() => box.Table.Count == 2, "both are in");
        await box.UntilQuietAsync(id);
        box.Table.Pin(id, box.Time.GetUtcNow().AddHours(1));

        box.Advance(box.Options.IdleTimeout + TimeSpan.FromSeconds(2));

        var told = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(SipTransportKind.Ws, told.Transport);
        Assert.NotEqual(id, told.ConnectionId);
        Assert.Equal("idle", told.Reason);
        Assert.True(await idle.IsClosedAsync());
        Assert.Equal(WebSocketState.Open, pinned.Client.State);
        Assert.NotNull(box.Table.Find(id));
    }

    [Fact]
    public async Task EngineNotRunning_NotAvailableAndSocketClosed()
    {
        await using var box = TransportHarness.Start();
        box.WebSockets.Detach();

        Assert.False(box.WebSockets.IsAvailable);
        await using var pair = await SocketPair.OpenAsync(box);
        await pair.ReceiveAsync();
        Assert.Equal(1013, (int?)pair.Client.CloseStatus);
    }

    /// A client WebSocket and the box's server WebSocket over one loopback TCP connection.
    private sealed class SocketPair : IAsyncDisposable
    {
        private readonly TcpClient _clientTcp;
        private readonly TcpClient _serverTcp;
        private readonly WebSocket _server;
        private readonly Task _serving;

        private SocketPair(TcpClient clientTcp, TcpClient serverTcp, WebSocket client, WebSocket server, Task serving)
        {
            _clientTcp = clientTcp;
            _serverTcp = serverTcp;
            Client = client;
            _server = server;
            _serving = serving;
        }

        public WebSocket Client { get; }

        public static async Task<SocketPair> OpenAsync(TransportHarness box, bool secure = false)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var clientTcp = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0));
            await clientTcp.ConnectAsync((IPEndPoint)listener.LocalEndpoint, Wait.Soon());
            var serverTcp = await listener.AcceptTcpClientAsync(Wait.Soon());
            var client = WebSocket.CreateFromStream(clientTcp.GetStream(), new WebSocketCreationOptions { IsServer = false, SubProtocol = "sip" });
            var server = WebSocket.CreateFromStream(serverTcp.GetStream(), new WebSocketCreationOptions { IsServer = true, SubProtocol = "sip" });
            var serving = box.WebSockets.ServeAsync(server, (IPEndPoint)serverTcp.Client.RemoteEndPoint!, secure, CancellationToken.None);
            return new SocketPair(clientTcp, serverTcp, client, server, serving);
        }

        public Task SendAsync(string text) => Client.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, Wait.Soon());

        public async Task<(WebSocketMessageType Type, string Text)> ReceiveAsync()
        {
            var buffer = new byte[65536];
            var filled = 0;
            while (true)
            {
                var result = await Client.ReceiveAsync(buffer.AsMemory(filled), Wait.Soon());
                filled += result.Count;
                if (result.EndOfMessage || result.MessageType == WebSocketMessageType.Close)
                {
                    return (result.MessageType, Encoding.UTF8.GetString(buffer, 0, filled));
                }
            }
        }

        public async Task<bool> IsClosedAsync()
        {
            try
            {
                return (await ReceiveAsync()).Type == WebSocketMessageType.Close;
            }
            catch (WebSocketException)
            {
                return true;
            }
        }

        public async ValueTask DisposeAsync()
        {
            Client.Abort();
            _clientTcp.Dispose();
            try
            {
                await _serving.WaitAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                _server.Dispose();
                _serverTcp.Dispose();
                Client.Dispose();
            }
        }
    }
}
