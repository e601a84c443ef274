using System.Globalization;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Sip;

/// <summary>SIP over WebSocket (RFC 7118) through the real box's Kestrel at /sip, with .NET's ClientWebSocket as the phone.</summary>
public class SipWebSocketTests
{
    [Fact]
    public async Task Options_WithSipSubprotocol_Answered200OverTheSocket()
    {
        await using var box = await StartAsync();
        using var phone = await ConnectAsync(new Uri($"ws://127.0.0.1:{box.BaseUrl.Port}/sip"));

        Assert.Equal("sip", phone.SubProtocol);
        await SendAsync(phone, Options("WS", box.BaseUrl.Port, "z9hG4bK-ws-1"));
        var answer = await ReceiveAsync(phone);

        Assert.StartsWith("SIP/2.0 200 OK\r\n", answer, StringComparison.Ordinal);
        Assert.Contains("Via: SIP/2.0/WS df7jal23ls0d.invalid;branch=z9hG4bK-ws-1;rport=", answer, StringComparison.Ordinal);
        Assert.Contains(";received=127.0.0.1\r\n", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_OverHttps_ViaIsWss()
    {
        var httpsPort = BoxProcess.FreePort();
        await using var box = await StartAsync("--https-port", httpsPort.ToString(CultureInfo.InvariantCulture), "--Metrics:Public", "true");
        using var phone = new ClientWebSocket();
        phone.Options.AddSubProtocol("sip");
        phone.Options.RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null;
        await phone.ConnectAsync(new Uri($"wss://127.0.0.1:{httpsPort}/sip"), Soon());

        await SendAsync(phone, Options("WSS", httpsPort, "z9hG4bK-wss-1"));

        Assert.StartsWith("SIP/2.0 200 OK\r\n", await ReceiveAsync(phone), StringComparison.Ordinal);
        // The engine saw the socket as secure (WSS), not merely a client writing WSS in its Via.
        var metrics = await MetricsAsync(box);
        Assert.Contains("hometelco_sip_wss_connections 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("hometelco_sip_ws_connections 0\n", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upgrade_WithoutSipSubprotocol_RefusedAndPlainGetIs400()
    {
        await using var box = await StartAsync();
        using var phone = new ClientWebSocket();
        phone.Options.AddSubProtocol("chat");

        await Assert.ThrowsAsync<WebSocketException>(() => phone.ConnectAsync(new Uri($"ws://127.0.0.1:{box.BaseUrl.Port}/sip"), Soon()));

        using var noProtocol = new ClientWebSocket();
        await Assert.ThrowsAsync<WebSocketException>(() => noProtocol.ConnectAsync(new Uri($"ws://127.0.0.1:{box.BaseUrl.Port}/sip"), Soon()));
        using var http = new HttpClient { BaseAddress = box.BaseUrl };
        using var response = await http.GetAsync(new Uri("sip", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("RFC 7118", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SipTurnedOff_UpgradeRefusedWith503()
    {
        await using var box = await BoxProcess.StartAsync(null, []);
        using var phone = new ClientWebSocket();
        phone.Options.AddSubProtocol("sip");

        var refused = await Assert.ThrowsAsync<WebSocketException>(() => phone.ConnectAsync(new Uri($"ws://127.0.0.1:{box.BaseUrl.Port}/sip"), Soon()));

        Assert.Contains("503", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CrLfPing_AnsweredWithCrLfPong()
    {
        await using var box = await StartAsync();
        using var phone = await ConnectAsync(new Uri($"ws://127.0.0.1:{box.BaseUrl.Port}/sip"));

        await SendAsync(phone, "\r\n\r\n");

        Assert.Equal("\r\n", await ReceiveAsync(phone));
    }

    [Fact]
    public async Task PerSourceLimit_NinthSocketFromOneAddressClosedWithTryAgainLater()
    {
        await using var box = await StartAsync();
        var uri = new Uri($"ws://127.0.0.1:{box.BaseUrl.Port}/sip");
        var open = new List<ClientWebSocket>();
        try
        {
            for (var i = 0; i < 8; i++)
            {
                open.Add(await ConnectAsync(uri));
            }

            // Each of the eight answers, so all are admitted before the ninth knocks.
            foreach (var socket in open)
            {
                await SendAsync(socket, "\r\n\r\n");
                Assert.Equal("\r\n", await ReceiveAsync(socket));
            }

            using var ninth = await ConnectAsync(uri);
            var result = await ninth.ReceiveAsync(new byte[256], Soon());

            Assert.Equal(WebSocketMessageType.Close, result.MessageType);
            Assert.Equal(1013, (int?)ninth.CloseStatus);
        }
        finally
        {
            foreach (var socket in open)
            {
                socket.Dispose();
            }
        }
    }

    private static Task<BoxProcess> StartAsync(params string[] extra) =>
        BoxProcess.StartAsync(null, ["--sip-port", BoxProcess.FreePort().ToString(CultureInfo.InvariantCulture), .. extra]);

    private static async Task<ClientWebSocket> ConnectAsync(Uri uri)
    {
        var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol("sip");
        await socket.ConnectAsync(uri, Soon());
        return socket;
    }

    private static string Options(string transport, int port, string branch) =>
        $"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n" +
        $"Via: SIP/2.0/{transport} df7jal23ls0d.invalid;branch={branch};rport\r\n" +
        "Max-Forwards: 70\r\n" +
        "From: <sip:tester@example.invalid>;tag=t1\r\n" +
        $"To: <sip:probe@127.0.0.1:{port}>\r\n" +
        $"Call-ID: {branch}@test\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static Task SendAsync(WebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, Soon());

    private static async Task<string> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[65536];
        var filled = 0;
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.AsMemory(filled), Soon());
            filled += result.Count;
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(buffer, 0, filled);
            }
        }
    }

    private static async Task<string> MetricsAsync(BoxProcess box)
    {
        using var http = new HttpClient { BaseAddress = box.BaseUrl };
        return await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
    }

    private static CancellationToken Soon() => new CancellationTokenSource(TimeSpan.FromSeconds(15)).Token;
}
