using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.Torrent;

namespace HomeTelco.IntegrationTests.Torrent.Trackers;

/// <summary>
/// The real opentracker on 127.0.0.1, serving HTTP and UDP on one port. Debian's build only tracks whitelisted
/// info-hashes, so the whitelist is written before start; every other hash is refused, which tests use too.
/// </summary>
internal sealed class OpenTracker : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly Process _process;
    private readonly ProcessOutput _output;

    private OpenTracker(TempFolder folder, Process process, ProcessOutput output, int port)
    {
        _folder = folder;
        _process = process;
        _output = output;
        Port = port;
    }

    public int Port { get; }

    public Uri HttpAnnounce => new($"http://127.0.0.1:{Port}/announce");

    public Uri UdpAnnounce => new($"udp://127.0.0.1:{Port}/announce");

    public static Task<OpenTracker> StartAsync(params InfoHash[] whitelist) => StartAsync(FreeTcpAndUdpPort(), whitelist);

    public static async Task<OpenTracker> StartAsync(int port, params InfoHash[] whitelist)
    {
        var folder = new TempFolder();
        await File.WriteAllLinesAsync(folder.File("whitelist"), whitelist.Select(h => h.ToHex()));
        await File.WriteAllTextAsync(folder.File("opentracker.conf"), $"access.whitelist {folder.File("whitelist")}\n");
        var info = new ProcessStartInfo("opentracker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-i", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture), "-P", port.ToString(CultureInfo.InvariantCulture), "-f", folder.File("opentracker.conf") })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("opentracker is missing: bash .ci/run installs it");
        var tracker = new OpenTracker(folder, process, new ProcessOutput(process), port);
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                if (whitelist.Length == 0 || await WhitelistLoadedAsync(port, whitelist[0]))
                {
                    return tracker;
                }

                throw new SocketException((int)SocketError.TryAgain);
            }
            catch (Exception ex) when (ex is SocketException or HttpRequestException && DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50);
            }
            catch (Exception ex) when (ex is SocketException or HttpRequestException)
            {
                var output = tracker._output.Text;
                await tracker.DisposeAsync();
                throw new InvalidOperationException("opentracker did not start listening within 15 s: " + output);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessStop.KillAndDisposeAsync(_process);
        _folder.Dispose();
    }

    /// <summary>
    /// opentracker reads its whitelist on a thread of its own and may listen before it has: until then every hash is
    /// refused. A "stopped" announce for a listed hash adds no peer and says which it is.
    /// </summary>
    private static async Task<bool> WhitelistLoadedAsync(int port, InfoHash listed)
    {
        var hash = string.Concat(listed.ToArray().Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture)));
        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/announce?info_hash={hash}&peer_id=-PROBE-0000000000000&port=1&uploaded=0&downloaded=0&left=0&event=stopped&compact=1"));
        return !body.Contains("failure reason", StringComparison.Ordinal);
    }

    /// <summary>A port free for both TCP and UDP on 127.0.0.1 (opentracker takes both with one number).</summary>
    public static int FreeTcpAndUdpPort()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var port = BoxProcess.FreePort();
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("no port free for both TCP and UDP");
    }
}
