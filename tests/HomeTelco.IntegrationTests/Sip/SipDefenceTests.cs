using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Sip;

/// <summary>
/// The SIP defence in the real box process, against sipsak and hand-made packets from several loopback addresses
/// (127.0.0.2, .3, ...: the box tells them apart as it would tell apart hosts on the internet).
/// </summary>
public class SipDefenceTests
{
    private const string PhonePassword = "defence-test-sip-secret";

    [Fact]
    public async Task ScannerUserAgent_SilencedUntilAnAdminLiftsTheBan_AllowlistedScannerStillAnswered()
    {
        using var folder = new TempFolder();
        var admin = await BoxAdmin.TokenAsync(folder.Path);
        var port = BoxProcess.FreePort();
        await using var box = await StartAsync(folder.Path, port, "--sip-allowlist", "127.0.0.7");
        using var api = BoxAdmin.Api(box, admin);
        using var scanner = new LoopbackSipPeer("127.0.0.2", port);
        using var bystander = new LoopbackSipPeer("127.0.0.3", port);
        using var trusted = new LoopbackSipPeer("127.0.0.7", port);

        var (exit, output) = await Sipsak.RunAsync("-k", "127.0.0.2", "-j", "User-Agent: friendly-scanner", "-Z", "50", "-s", $"sip:127.0.0.1:{port}");

        Assert.True(exit != 0, output);
        Assert.DoesNotContain("SIP/2.0 200", output, StringComparison.Ordinal);
        Assert.StartsWith("SIP/2.0 200 OK", await bystander.ExchangeAsync(bystander.Options()), StringComparison.Ordinal);
        Assert.Null(await scanner.ExchangeAsync(scanner.Options("Linphone/5.2.0")));
        var ban = Assert.Single(await BansAsync(api));
        Assert.Equal("127.0.0.2", ban.GetProperty("address").GetString());
        Assert.True(ban.GetProperty("automatic").GetBoolean());
        Assert.StartsWith("Scanner User-Agent \"friendly-scanner\"", ban.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("SIP/2.0 200 OK", await trusted.ExchangeAsync(trusted.Options("friendly-scanner")), StringComparison.Ordinal);
        Assert.Contains("banned for 1 h", box.Output, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await api.DeleteAsync(new Uri("api/sip/bans/127.0.0.2", UriKind.Relative))).StatusCode);

        Assert.StartsWith("SIP/2.0 200 OK", await scanner.ExchangeAsync(scanner.Options("Linphone/5.2.0")), StringComparison.Ordinal);
        (exit, output) = await Sipsak.RunAsync("-k", "127.0.0.2", "-s", $"sip:127.0.0.1:{port}");
        Assert.True(exit == 0, output);
        Assert.Empty(await BansAsync(api));
        var metrics = await api.GetStringAsync(new Uri("metrics", UriKind.Relative));
        Assert.Contains("hometelco_sip_banned_sources 0", metrics, StringComparison.Ordinal);
        Assert.Contains("hometelco_sip_automatic_bans_total 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManualAndAutomaticBans_SurviveARestart()
    {
        using var folder = new TempFolder();
        var admin = await BoxAdmin.TokenAsync(folder.Path);
        var port = BoxProcess.FreePort();
        using var banned = new LoopbackSipPeer("127.0.0.4", port);
        using var scanner = new LoopbackSipPeer("127.0.0.6", port);
        using var other = new LoopbackSipPeer("127.0.0.5", port);
        await using (var box = await StartAsync(folder.Path, port))
        {
            box.KeepDataOnDispose = true;
            using var api = BoxAdmin.Api(box, admin);
            var created = await api.PostAsJsonAsync(new Uri("api/sip/bans", UriKind.Relative), new { address = "127.0.0.4", reason = "test ban" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            Assert.Null(await banned.ExchangeAsync(banned.Options()));
            Assert.StartsWith("SIP/2.0 200 OK", await other.ExchangeAsync(other.Options()), StringComparison.Ordinal);
            await scanner.SendAsync(scanner.Options("sipvicious"));
            await WaitForAsync(async () => (await BansAsync(api)).Length == 2, "the scanner's ban");
        }

        // A fresh port for the second run: the first may be taken by a parallel test the moment it is freed.
        var secondPort = BoxProcess.FreePort();
        await using var restarted = await StartAsync(folder.Path, secondPort);
        restarted.KeepDataOnDispose = true;
        using var restartedApi = BoxAdmin.Api(restarted, admin);
        using var bannedAgain = new LoopbackSipPeer("127.0.0.4", secondPort);
        using var scannerAgain = new LoopbackSipPeer("127.0.0.6", secondPort);
        using var otherAgain = new LoopbackSipPeer("127.0.0.5", secondPort);

        Assert.StartsWith("SIP/2.0 200 OK", await otherAgain.ExchangeAsync(otherAgain.Options()), StringComparison.Ordinal);
        Assert.Null(await bannedAgain.ExchangeAsync(bannedAgain.Options()));
        Assert.Null(await scannerAgain.ExchangeAsync(scannerAgain.Options()));
        var bans = (await BansAsync(restartedApi)).ToDictionary(b => b.GetProperty("address").GetString()!, b => b.GetProperty("reason").GetString());
        Assert.Equal("test ban", bans["127.0.0.4"]);
        Assert.StartsWith("Scanner User-Agent \"sipvicious\"", bans["127.0.0.6"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task BannedSource_TcpConnectionClosedAtOnce_OtherSourceServedOverTcp()
    {
        using var folder = new TempFolder();
        var admin = await BoxAdmin.TokenAsync(folder.Path);
        var port = BoxProcess.FreePort();
        await using var box = await StartAsync(folder.Path, port);
        using var api = BoxAdmin.Api(box, admin);
        var created = await api.PostAsJsonAsync(new Uri("api/sip/bans", UriKind.Relative), new { address = "127.0.0.8", reason = "tcp test" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.Null(await TcpOptionsAsync("127.0.0.8", port));
        Assert.StartsWith("SIP/2.0 200 OK", await TcpOptionsAsync("127.0.0.9", port), StringComparison.Ordinal);
    }

    /// <summary>An OPTIONS over a new TCP connection from <paramref name="from"/>: the answer, or null when the box closed the connection unanswered.</summary>
    private static async Task<string?> TcpOptionsAsync(string from, int port)
    {
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse(from), 0));
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
        var local = (IPEndPoint)socket.LocalEndPoint!;
        var request =
            $"OPTIONS sip:127.0.0.1:{port} SIP/2.0\r\n" +
            $"Via: SIP/2.0/TCP {from}:{local.Port};branch=z9hG4bK-tcp-{local.Port}\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:tester@{from}>;tag=t1\r\n" +
            $"To: <sip:127.0.0.1:{port}>\r\n" +
            $"Call-ID: tcp-{local.Port}@{from}\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";
        try
        {
            await socket.SendAsync(Encoding.ASCII.GetBytes(request));
            var buffer = new byte[4096];
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            var read = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, deadline.Token);
            return read == 0 ? null : Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // Reset by the box: refused as well.
            return null;
        }
    }

    [Fact]
    public async Task FloodFromOneSource_DroppedThenBanned_AnotherSourceKeepsBeingAnswered()
    {
        using var folder = new TempFolder();
        var admin = await BoxAdmin.TokenAsync(folder.Path);
        var port = BoxProcess.FreePort();
        await using var box = await StartAsync(folder.Path, port);
        using var api = BoxAdmin.Api(box, admin);
        using var flooder = new LoopbackSipPeer("127.0.0.2", port);
        using var phone = new LoopbackSipPeer("127.0.0.3", port);
        const int Flood = 1500;

        var elapsed = Stopwatch.StartNew();
        var answers = flooder.DrainAnswersAsync(quietMs: 1500, maxMs: 30_000);
        var answeredDuringFlood = 0;
        for (var i = 0; i < Flood; i++)
        {
            await flooder.SendAsync(flooder.Options());
            if (i % 300 == 299)
            {
                // Pauses let the box's receive buffer drain, so the guard (not the kernel) is what drops the excess.
                await Task.Delay(20);
                answeredDuringFlood += await phone.ExchangeAsync(phone.Options()) is { } answer && answer.StartsWith("SIP/2.0 200 OK", StringComparison.Ordinal) ? 1 : 0;
            }
        }

        var floodAnswered = await answers;
        var seconds = elapsed.Elapsed.TotalSeconds;

        Assert.Equal(Flood / 300, answeredDuringFlood);
        // The burst of 40 and 20 per second, with a margin for the time the drain took: a small share of the flood.
        Assert.InRange(floodAnswered, 40, 40 + (int)Math.Ceiling(20 * seconds) + 5);
        var ban = Assert.Single(await BansAsync(api));
        Assert.Equal("127.0.0.2", ban.GetProperty("address").GetString());
        Assert.StartsWith("Flooding: 100 messages over the rate limit", ban.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Null(await flooder.ExchangeAsync(flooder.Options(), attempts: 2));
        Assert.StartsWith("SIP/2.0 200 OK", await phone.ExchangeAsync(phone.Options()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WrongPasswordRegisters_BannedAfterFive_ThenEvenTheRightPasswordMeetsSilence()
    {
        using var folder = new TempFolder();
        using (var store = HomeStore.Open(folder.Path))
        {
            new ExtensionService(store, new SettingsStore(store), TimeProvider.System).Create("201", "Defence test", PhonePassword);
        }

        var admin = await BoxAdmin.TokenAsync(folder.Path);
        var port = BoxProcess.FreePort();
        await using var box = await StartAsync(folder.Path, port);
        using var api = BoxAdmin.Api(box, admin);

        // Each sipsak run is one REGISTER challenged, answered with a wrong password and refused: one failure.
        for (var run = 0; run < 5; run++)
        {
            var (exit, output) = await Sipsak.RunAsync(Register(port, "127.0.0.2", "wrong-password-" + run));
            Assert.True(exit == 2 && output.Contains("authorization failed", StringComparison.Ordinal), $"run {run}: exit {exit}\n{output}");
        }

        var ban = Assert.Single(await BansAsync(api));
        Assert.Equal("127.0.0.2", ban.GetProperty("address").GetString());
        Assert.StartsWith("5 failed authentications within 5 min (the last as \"201\")", ban.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var (silencedExit, silenced) = await Sipsak.RunAsync(Register(port, "127.0.0.2", PhonePassword));
        Assert.True(silencedExit != 0 && !silenced.Contains("SIP/2.0", StringComparison.Ordinal), $"exit {silencedExit}\n{silenced}");
        var (phoneExit, phone) = await Sipsak.RunAsync(Register(port, "127.0.0.3", PhonePassword));
        Assert.True(phoneExit == 0, phone + "\n--- box ---\n" + box.Output);
        Assert.Contains("banned for 1 h (offence 1): 5 failed authentications", box.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RegisteredPhone_ServedWhileHundredsOfAddressesFlood()
    {
        using var folder = new TempFolder();
        using (var store = HomeStore.Open(folder.Path))
        {
            new ExtensionService(store, new SettingsStore(store), TimeProvider.System).Create("201", "Defence test", PhonePassword);
        }

        var admin = await BoxAdmin.TokenAsync(folder.Path);
        var port = BoxProcess.FreePort();
        await using var box = await StartAsync(folder.Path, port);
        using var api = BoxAdmin.Api(box, admin);
        var (registered, registration) = await Sipsak.RunAsync(Register(port, "127.0.0.3", PhonePassword));
        Assert.True(registered == 0, registration);
        using var phone = new LoopbackSipPeer("127.0.0.3", port);
        var flooders = Enumerable.Range(0, 250).Select(i => new LoopbackSipPeer($"127.0.1.{i + 1}", port)).ToList();
        try
        {
            // 250 addresses, each well inside its own allowance (32 messages in 4 s against a burst of 40), together
            // 2,000 a second, evenly spaced: tokens of the budget all unknown sources share (300 a second after a burst
            // of 600) never pile up between two flood messages, so only the exemption of known phones lets one through.
            var datagrams = flooders.SelectMany(f => Enumerable.Range(0, 32).Select(_ => (Peer: f, Bytes: Encoding.ASCII.GetBytes(f.Options())))).ToArray();
            Random.Shared.Shuffle(datagrams);
            var elapsed = Stopwatch.StartNew();
            var flood = Task.Factory.StartNew(
                () =>
                {
                    var clock = Stopwatch.StartNew();
                    for (var i = 0; i < datagrams.Length; i++)
                    {
                        while (clock.Elapsed.TotalMilliseconds < i * 0.5)
                        {
                            Thread.SpinWait(20);
                        }

                        datagrams[i].Peer.Send(datagrams[i].Bytes);
                    }
                },
                CancellationToken.None,
                TaskCreationOptions.LongRunning,
                TaskScheduler.Default);

            // While the flood runs: a phone that has not authenticated would win a token only now and then.
            var phoneAnswers = 0;
            var phoneAsked = 0;
            while (!flood.IsCompleted && phoneAsked < 20)
            {
                phoneAsked++;
                phoneAnswers += await phone.ExchangeAsync(phone.Options(), attempts: 2, waitMs: 300) is { } answer && answer.StartsWith("SIP/2.0 200 OK", StringComparison.Ordinal) ? 1 : 0;
                await Task.Delay(50);
            }

            await flood;
            var floodAnswers = (await Task.WhenAll(flooders.Select(f => f.DrainAnswersAsync(quietMs: 500, maxMs: 5_000)))).Sum();

            Assert.InRange(phoneAsked, 3, 20);
            Assert.Equal(phoneAsked, phoneAnswers);
            Assert.InRange(floodAnswers, 600, 600 + (int)Math.Ceiling(300 * elapsed.Elapsed.TotalSeconds));
            Assert.Empty(await BansAsync(api));
        }
        finally
        {
            flooders.ForEach(f => f.Dispose());
        }
    }

    // sipsak's usrloc mode from a chosen loopback address: -u because sipsak 0.9.8 otherwise sends "201@" as the
    // digest username, -x because its default Expires of 15 s is below the registrar's minimum, -Z 100 so that a
    // silent box is given up on after seconds rather than half a minute.
    private static string[] Register(int port, string from, string password) =>
        ["-U", "-vv", "-k", from, "-s", $"sip:201@127.0.0.1:{port}", "-u", "201", "-x", "3600", "-a", password, "-Z", "100"];

    internal static Task<BoxProcess> StartAsync(string dataDir, int sipPort, params string[] extra) =>
        BoxProcess.StartAsync(dataDir, ["--sip-port", sipPort.ToString(CultureInfo.InvariantCulture), .. extra]);

    internal static async Task<JsonElement[]> BansAsync(HttpClient api) =>
        (await api.GetFromJsonAsync<JsonElement[]>(new Uri("api/sip/bans", UriKind.Relative)))!;

    internal static async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"waited 10 s for {what}");
    }
}
