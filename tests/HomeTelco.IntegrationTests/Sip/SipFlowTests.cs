using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Sip;

/// <summary>
/// A registration that rides on a phone's own TCP connection (the phone is behind NAT, so the box can only reach it
/// over that connection) ends when the connection does: the transports tell the location service (RFC 5626 §5.3).
/// </summary>
public partial class SipFlowTests
{
    private const string Extension = "301";
    private const string Password = "flow-test-secret";

    [Fact]
    public async Task RegisterOverTcpBehindNat_ConnectionCloses_BindingRemoved()
    {
        var port = BoxProcess.FreePort();
        var dataDir = Directory.CreateTempSubdirectory("hometelco-box-").FullName;
        using (var store = HomeStore.Open(dataDir))
        {
            new ExtensionService(store, new SettingsStore(store), TimeProvider.System).Create(Extension, "Flow test", Password);
        }

        await using var box = await BoxProcess.StartAsync(dataDir, ["--sip-port", port.ToString(CultureInfo.InvariantCulture), "--Metrics:Public=true"]);
        using var http = new HttpClient { BaseAddress = box.BaseUrl };
        using (var phone = new TcpClient(new IPEndPoint(IPAddress.Loopback, 0)))
        {
            await phone.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
            var stream = phone.GetStream();

            var challenge = await ExchangeAsync(stream, Register(port, 1, authorization: null));
            Assert.StartsWith("SIP/2.0 401 ", challenge, StringComparison.Ordinal);
            var registered = await ExchangeAsync(stream, Register(port, 2, Authorize(challenge, port)));
            Assert.StartsWith("SIP/2.0 200 ", registered, StringComparison.Ordinal);
            Assert.Equal(1, await RegistrationsAsync(http));
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (await RegistrationsAsync(http) != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the binding outlived its connection:\n" + box.Output);
            await Task.Delay(100);
        }
    }

    // The contact names a private address the box cannot reach: the phone is behind NAT, reachable only over this flow.
    private static string Register(int port, int cseq, string? authorization) =>
        $"REGISTER sip:127.0.0.1:{port} SIP/2.0\r\n" +
        "Via: SIP/2.0/TCP 192.0.2.7:5060;branch=z9hG4bK" + Guid.NewGuid().ToString("N") + ";rport\r\n" +
        "Max-Forwards: 70\r\n" +
        $"From: <sip:{Extension}@127.0.0.1>;tag=flow1\r\n" +
        $"To: <sip:{Extension}@127.0.0.1>\r\n" +
        "Call-ID: flow-test-1@test\r\n" +
        $"CSeq: {cseq} REGISTER\r\n" +
        $"Contact: <sip:{Extension}@192.0.2.7:5060;transport=tcp>\r\n" +
        "Expires: 3600\r\n" +
        (authorization is null ? "" : $"Authorization: {authorization}\r\n") +
        "Content-Length: 0\r\n\r\n";

    private static string Authorize(string challengeResponse, int port)
    {
        var challenge = challengeResponse.Split("\r\n").First(l => l.StartsWith("WWW-Authenticate:", StringComparison.OrdinalIgnoreCase) && l.Contains("algorithm=MD5", StringComparison.Ordinal));
        string Param(string name) => ParamPattern().Matches(challenge).First(m => m.Groups[1].Value == name).Groups[2].Value;
        var (realm, nonce, opaque) = (Param("realm"), Param("nonce"), Param("opaque"));
        var uri = $"sip:127.0.0.1:{port}";
        var ha1 = Md5($"{Extension}:{realm}:{Password}");
        var ha2 = Md5($"REGISTER:{uri}");
        var response = Md5($"{ha1}:{nonce}:00000001:cafe:auth:{ha2}");
        return $"Digest username=\"{Extension}\", realm=\"{realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"cafe\", opaque=\"{opaque}\"";
    }

    /// <summary>Sends a request and reads the final response (one whole message, skipping provisional ones).</summary>
    private static async Task<string> ExchangeAsync(NetworkStream stream, string request)
    {
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (true)
        {
            var text = received.ToString();
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end >= 0)
            {
                if (!text.StartsWith("SIP/2.0 1", StringComparison.Ordinal))
                {
                    return text[..end];
                }

                // A provisional answer (Content-Length: 0 from the box): drop it and read on.
                received.Remove(0, end + 4);
                continue;
            }

            var read = await stream.ReadAsync(buffer, deadline.Token);
            Assert.True(read > 0, "the box closed the connection");
            received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    private static async Task<int> RegistrationsAsync(HttpClient http)
    {
        var metrics = await http.GetStringAsync(new Uri("metrics", UriKind.Relative));
        var line = metrics.Split('\n').Single(l => l.StartsWith("hometelco_sip_registrations ", StringComparison.Ordinal));
        return int.Parse(line["hometelco_sip_registrations ".Length..], CultureInfo.InvariantCulture);
    }

    [SuppressMessage("Security", "CA5351:Do Not Use Broken Cryptographic Algorithms", Justification = "RFC 2617 digest is MD5; the test computes it independently of the box.")]
    private static string Md5(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));

    [GeneratedRegex("([a-z]+)=\"([^\"]*)\"")]
    private static partial Regex ParamPattern();
}
