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
        TransmissionSettings.Write(config.Path, address, port);
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
