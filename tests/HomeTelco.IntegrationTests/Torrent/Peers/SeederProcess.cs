using System.Diagnostics;
using System.Globalization;
using System.Net;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Torrent.Peers;

/// <summary>A real BitTorrent client seeding a <see cref="TestTorrent"/> on a loopback address, killed with its process tree on dispose.</summary>
internal sealed class SeederProcess : IDisposable
{
    private readonly Process _process;
    private readonly TempFolder _config;

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
    public static SeederProcess Aria2(TestTorrent torrent, string address, bool requireCrypto = false)
    {
        var config = new TempFolder();
        var port = BoxProcess.FreePort();
        string[] arguments =
        [
            "-V", "--seed-ratio=0.0", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
            "--enable-peer-exchange=true", "--listen-port=" + port.ToString(CultureInfo.InvariantCulture), "--interface=" + address,
            "--dir=" + torrent.DataDirectory, "--bt-tracker-connect-timeout=1", "--bt-stop-timeout=0",
            "--conf-path=" + config.File("aria2.conf"), "--no-conf=true", "--summary-interval=0", "--console-log-level=warn",
            "--bt-require-crypto=" + (requireCrypto ? "true" : "false"),
            "--bt-min-crypto-level=" + (requireCrypto ? "arc4" : "plain"),
            torrent.TorrentFile,
        ];
        return Start("aria2c", arguments, config, new IPEndPoint(IPAddress.Parse(address), port));
    }

    /// <summary>transmission-cli seeding on <paramref name="address"/> with DHT, LPD, PEX and µTP off.</summary>
    public static SeederProcess Transmission(TestTorrent torrent, string address, bool requireCrypto = false)
    {
        var config = new TempFolder();
        var port = BoxProcess.FreePort();
        File.WriteAllText(config.File("settings.json"), $$"""
            {
              "bind-address-ipv4": "{{address}}",
              "bind-address-ipv6": "::1",
              "dht-enabled": false,
              "lpd-enabled": false,
              "pex-enabled": false,
              "utp-enabled": false,
              "port-forwarding-enabled": false,
              "rpc-enabled": false,
              "peer-port": {{port}},
              "encryption": {{(requireCrypto ? 2 : 1)}},
              "message-level": 1
            }
            """);
        string[] arguments =
        [
            "-g", config.Path, "-p", port.ToString(CultureInfo.InvariantCulture), "-w", torrent.DataDirectory, "-M",
            requireCrypto ? "-er" : "-ep", "-v", torrent.TorrentFile,
        ];
        return Start("transmission-cli", arguments, config, new IPEndPoint(IPAddress.Parse(address), port));
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

    private static SeederProcess Start(string file, string[] arguments, TempFolder config, IPEndPoint endPoint)
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
