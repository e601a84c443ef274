using System.Diagnostics;
using System.Globalization;
using System.Net;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Torrent.Peers;

/// <summary>A real BitTorrent client seeding a <see cref="TestTorrent"/> on a loopback address, killed with its process tree on dispose.</summary>
internal sealed class SeederProcess : IDisposable
{
    private const int MaxRestarts = 2;

    private readonly TempFolder _config;
    private Process _process;
    private int _restarts;

    private SeederProcess(Process process, TempFolder config, IPEndPoint endPoint)
    {
        _process = process;
        _config = config;
        EndPoint = endPoint;
        Output = new ProcessOutput(process);
    }

    public IPEndPoint EndPoint { get; }

    public ProcessOutput Output { get; }

    /// <summary>aria2c seeding on <paramref name="address"/>: no DHT, LPD or tracker; optionally only MSE/RC4 peers.</summary>
    public static SeederProcess Aria2(TestTorrent torrent, string address, bool requireCrypto = false) =>
        StartListening(address, (config, port) =>
        [
            "-V", "--seed-ratio=0.0", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
            "--enable-peer-exchange=true", "--listen-port=" + port.ToString(CultureInfo.InvariantCulture), "--interface=" + address,
            "--dir=" + torrent.DataDirectory, "--bt-tracker-connect-timeout=1", "--bt-stop-timeout=0",
            "--conf-path=" + config.File("aria2.conf"), "--no-conf=true", "--summary-interval=0", "--console-log-level=warn",
            "--bt-require-crypto=" + (requireCrypto ? "true" : "false"),
            "--bt-min-crypto-level=" + (requireCrypto ? "arc4" : "plain"),
            torrent.TorrentFile,
        ], "aria2c");

    /// <summary>
    /// transmission-cli seeding on <paramref name="address"/> with DHT, LPD, PEX and µTP off. Without <c>-v</c>: a torrent
    /// new to its config folder is checked anyway, and transmission-cli quits as soon as its once-per-200-ms status poll finds the
    /// torrent stopped, which <c>-v</c> briefly does while it restarts that check; a CI run lost a listening seeder so.
    /// </summary>
    public static SeederProcess Transmission(TestTorrent torrent, string address, bool requireCrypto = false) =>
        StartListening(address, (config, port) =>
        {
            TransmissionSettings.Write(config.Path, address, port, encryption: requireCrypto ? 2 : 1);
            return
            [
                "-g", config.Path, "-p", port.ToString(CultureInfo.InvariantCulture), "-w", torrent.DataDirectory, "-M",
                requireCrypto ? "-er" : "-ep", torrent.TorrentFile,
            ];
        }, "transmission-cli");

    /// <summary>opentracker on 127.0.0.1 (HTTP and UDP on one port) serving only <paramref name="infoHash"/>.</summary>
    public static SeederProcess TrackerOnPort(HomeTelco.Torrent.InfoHash infoHash, int port)
    {
        var config = new TempFolder();
        File.WriteAllText(config.File("whitelist"), infoHash.ToHex() + "\n");
        File.WriteAllText(config.File("opentracker.conf"), $"access.whitelist {config.File("whitelist")}\n");
        var portText = port.ToString(CultureInfo.InvariantCulture);
        return Start("opentracker", ["-i", "127.0.0.1", "-p", portText, "-P", portText, "-f", config.File("opentracker.conf")], config, new IPEndPoint(IPAddress.Loopback, port));
    }

    /// <summary>aria2c downloading into <paramref name="directory"/> from whatever peers the tracker names, exiting when done.</summary>
    public static SeederProcess Aria2Leecher(string torrentFile, string directory, string address, bool requireCrypto)
    {
        var config = new TempFolder();
        var port = BoxProcess.FreePort();
        string[] arguments =
        [
            "--seed-time=0", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--listen-port=" + port.ToString(CultureInfo.InvariantCulture), "--interface=" + address, "--dir=" + directory,
            "--no-conf=true", "--summary-interval=0", "--console-log-level=warn", "--file-allocation=none",
            "--bt-require-crypto=" + (requireCrypto ? "true" : "false"), "--bt-min-crypto-level=" + (requireCrypto ? "arc4" : "plain"),
            torrentFile,
        ];
        return Start("aria2c", arguments, config, new IPEndPoint(IPAddress.Parse(address), port));
    }

    /// <summary>Waits for the process to exit by itself; false when the deadline passes first.</summary>
    public bool WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout);

    /// <summary>The exit code once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>For failure messages: whether the seeder still runs, or how it ended, and how often it was restarted.</summary>
    public string State => (_process.HasExited ? $"exited with {_process.ExitCode}" : "still running") + $", restarted {_restarts} times";

    /// <summary>
    /// Starts the seeder again, same command and port, when it has exited by itself (at most twice); true when it did.
    /// transmission-cli ends, with status 0, whenever its status poll finds the torrent stopped, and a check of the
    /// files stops a torrent for a moment; under a loaded CI that moment was once caught after the seeder had listened.
    /// What the tests judge is our side of the wire, so a restarted seeder serves them as well as the first.
    /// </summary>
    public bool RestartIfExited()
    {
        if (!_process.HasExited || _restarts >= MaxRestarts)
        {
            return false;
        }

        var start = _process.StartInfo;
        var replacement = Process.Start(start) ?? throw new InvalidOperationException(start.FileName + " did not start again");
        _process.Dispose();
        _process = replacement;
        _restarts++;
        Output.Follow(replacement);
        return true;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        _config.Dispose();
    }

    /// <summary>
    /// Starts a seeder on a fresh port of <paramref name="address"/> and waits until it listens there; a start that
    /// does not is abandoned and tried again on another port: a port found free a moment before can be taken by then,
    /// and a client that cannot bind keeps running without a listener.
    /// </summary>
    private static SeederProcess StartListening(string address, Func<TempFolder, int, string[]> arguments, string file)
    {
        var failures = new List<string>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var config = new TempFolder();
            var endPoint = new IPEndPoint(IPAddress.Parse(address), BoxProcess.FreePort());
            var seeder = Start(file, arguments(config, endPoint.Port), config, endPoint);
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
            while (DateTime.UtcNow < deadline && !seeder._process.HasExited)
            {
                if (IsListening(endPoint))
                {
                    return seeder;
                }

                Thread.Sleep(50);
            }

            var exited = seeder._process.HasExited ? $"exited with {seeder._process.ExitCode}" : "still running, not listening";
            seeder.Dispose();
            failures.Add($"{file} on {endPoint}: {exited} after 15 s\n{seeder.Output.Text}");
        }

        throw new TimeoutException(string.Join('\n', failures));
    }

    private static bool IsListening(IPEndPoint endPoint) =>
        System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Contains(endPoint);

    /// <summary>Starts any of the installed tools with its own temp config folder as HOME and working directory.</summary>
    internal static SeederProcess Start(string file, string[] arguments, TempFolder config, IPEndPoint endPoint)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = config.Path,
        };
        start.Environment["HOME"] = config.Path;
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException(file + " did not start");
        return new SeederProcess(process, config, endPoint);
    }
}
