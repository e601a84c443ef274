using System.Diagnostics;
using System.Globalization;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Torrent.Trackers;

/// <summary>
/// The real transmission-cli in a swarm, from a temp config folder with DHT, LSD, PEX, uTP and port mapping off and
/// its peer socket on a loopback address of its own; trackers are its only way to be found.
/// </summary>
internal sealed class TransmissionPeer : IAsyncDisposable
{
    private readonly TempFolder _config;
    private readonly Process _process;

    private TransmissionPeer(TempFolder config, Process process)
    {
        _config = config;
        _process = process;
        Output = new ProcessOutput(process);
    }

    public ProcessOutput Output { get; }

    public static TransmissionPeer Start(string torrentPath, string downloadDir, string address, int port)
    {
        var config = new TempFolder();
        File.WriteAllText(config.File("settings.json"), $$"""
            {
              "dht-enabled": false,
              "lpd-enabled": false,
              "pex-enabled": false,
              "utp-enabled": false,
              "port-forwarding-enabled": false,
              "rpc-enabled": false,
              "bind-address-ipv4": "{{address}}",
              "bind-address-ipv6": "::1",
              "peer-port": {{port.ToString(CultureInfo.InvariantCulture)}}
            }
            """);
        var info = new ProcessStartInfo("transmission-cli") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-g", config.Path, "-w", downloadDir, "-p", port.ToString(CultureInfo.InvariantCulture), "-M", torrentPath })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("transmission-cli is missing: bash .ci/run installs it");
        return new TransmissionPeer(config, process);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessStop.KillAndDisposeAsync(_process);
        _config.Dispose();
    }
}
