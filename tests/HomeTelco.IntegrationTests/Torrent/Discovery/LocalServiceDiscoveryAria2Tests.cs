using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.IntegrationTests.Torrent.Trackers;
using HomeTelco.Torrent;
using HomeTelco.Torrent.Discovery;

namespace HomeTelco.IntegrationTests.Torrent.Discovery;

/// <summary>
/// Our local service discovery and the real aria2c (--bt-enable-lpd) find each other on BEP 14's own group. aria2c
/// cannot be given another group, so both run in a network namespace with loopback alone: the multicast goes nowhere else.
/// </summary>
public sealed class LocalServiceDiscoveryAria2Tests
{
    private const int OurPort = 7200;
    private const int AriaPort = 7100;

    [Fact]
    public async Task Aria2WithLpd_AndOurInstance_HearEachOthersPortForASharedHash()
    {
        await using var netns = await NetNamespace.CreateAsync(TimeSpan.FromMinutes(3));
        using var folder = new TempFolder();
        var (hash, torrent) = Aria2Seeder.MakeTorrent(folder, new Uri("http://127.0.0.1:9/announce"));
        // Announcing every second (BEP 14 says every 5 minutes) so aria2c, started after us, hears us soon.
        var options = new LsdOptions { Group6 = null, InterfaceAddress = IPAddress.Loopback, AnnounceInterval = TimeSpan.FromSeconds(1) };
        await using var lsd = new LocalServiceDiscovery(options, OurPort, TimeProvider.System);
        var heard = new ConcurrentBag<(InfoHash Hash, IPEndPoint Peer)>();
        lsd.PeerDiscovered += (h, peer) => heard.Add((h, peer));

        // Listen first, with the hash known, so aria2c's first announce (sent as it starts) is not missed.
        Assert.True(NamespaceThread.Run(netns.HolderProcessId, lsd.Start));
        Assert.True(lsd.Add(hash, isPrivate: false));
        using var aria = netns.Start("aria2c", [
            "-V", "--seed-ratio=0.0", "--bt-seed-unverified=true", "--enable-dht=false", "--enable-dht6=false", "--enable-peer-exchange=false",
            "--bt-enable-lpd=true", "--bt-lpd-interface=127.0.0.1", $"--listen-port={AriaPort.ToString(CultureInfo.InvariantCulture)}",
            "--no-conf=true", "--summary-interval=0", "--log=-", "--log-level=info", $"--dir={Path.Combine(folder.Path, "data")}", torrent]);
        aria.StandardInput.Close();
        var ariaOutput = new ProcessOutput(aria);
        try
        {
            await ariaOutput.WaitForAsync($"LPD message received infohash={hash.ToHex()}, port={OurPort}", TimeSpan.FromSeconds(30), "aria2c");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (!heard.Contains((hash, new IPEndPoint(IPAddress.Loopback, AriaPort))))
            {
                Assert.True(DateTime.UtcNow < deadline, "we never heard aria2c; it said:\n" + ariaOutput.Text);
                await Task.Delay(50);
            }
        }
        finally
        {
            aria.Kill(entireProcessTree: true);
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await aria.WaitForExitAsync(wait.Token);
        }
    }
}
