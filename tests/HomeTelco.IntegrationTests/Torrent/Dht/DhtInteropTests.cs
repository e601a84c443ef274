using System.Diagnostics;
using System.Net;
using HomeTelco.Core.Store;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.Torrent;
using HomeTelco.Torrent.Dht;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.IntegrationTests.Torrent.Dht;

/// <summary>
/// Our DHT node among others on loopback: our own nodes find each other's announcements, and our node
/// bootstraps from a real client's node and finds, with no tracker, the peers a real client announced.
/// Every node involved knows loopback addresses only.
/// </summary>
public sealed class DhtInteropTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Our_nodes_find_the_peer_one_of_them_announced_through_a_third()
    {
        await using var hub = await StartAsync([]);
        await using var announcer = await StartAsync([$"127.0.0.1:{hub.Port}"]);
        await using var seeker = await StartAsync([$"127.0.0.1:{hub.Port}"]);
        Assert.True(await announcer.BootstrapAsync(CancellationToken.None) >= 1);
        Assert.True(await seeker.BootstrapAsync(CancellationToken.None) >= 1);

        var swarm = InfoHash.FromBytes(System.Security.Cryptography.RandomNumberGenerator.GetBytes(20));
        var (_, announcedTo) = await announcer.AnnounceAsync(swarm, 51413, CancellationToken.None);
        Assert.True(announcedTo >= 1);

        var peers = await seeker.GetPeersAsync(swarm, CancellationToken.None);
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, 51413), peers);
        Assert.True(hub.QueriesAnswered >= 4);
    }

    [Fact]
    public async Task Our_node_bootstraps_from_aria2_and_finds_the_libtorrent_seeder_without_a_tracker()
    {
        using var work = new TempFolder();
        var swarm = MakeTrackerlessTorrent(work, "swarm");
        var other = MakeTrackerlessTorrent(work, "other");

        // aria2c is the real node everyone bootstraps from; it seeds an unrelated torrent so it keeps running.
        var ariaDht = BoxProcess.FreePort();
        await using var aria = RealDhtPeer.StartAria2(other.Torrent, work.Path, ariaDht, BoxProcess.FreePort());
        await Task.Delay(TimeSpan.FromSeconds(1));

        // libtorrent seeds the swarm on 127.0.0.2 and announces it into the DHT through aria2c alone.
        var seederPort = BoxProcess.FreePort();
        await using var seeder = RealDhtPeer.StartLibtorrent(swarm.Torrent, work.Path, $"127.0.0.2:{seederPort}", $"127.0.0.1:{ariaDht}");
        await seeder.Output.WaitForAsync("ready", TimeSpan.FromSeconds(20), "libtorrent");

        await using var ours = await StartAsync([$"127.0.0.1:{ariaDht}"]);
        Assert.True(await ours.BootstrapAsync(CancellationToken.None) >= 1, "no node answered our bootstrap");

        var expected = new IPEndPoint(IPAddress.Parse("127.0.0.2"), seederPort);
        var clock = Stopwatch.StartNew();
        IReadOnlyList<IPEndPoint> peers = [];
        while (!peers.Contains(expected) && clock.Elapsed < Deadline)
        {
            peers = await ours.GetPeersAsync(swarm.Hash, CancellationToken.None);
            if (!peers.Contains(expected))
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
        }

        Assert.True(peers.Contains(expected), $"peers found: [{string.Join(", ", peers)}]; libtorrent said:\n{seeder.Output.Text}\naria2c said:\n{aria.Output.Text}");
    }

    [Fact]
    public async Task The_routing_table_and_id_survive_a_restart_and_rejoin_without_bootstrap_nodes()
    {
        using var data = new TempFolder();
        await using var peer = await StartAsync([]);
        NodeId firstId;
        using (var store = HomeStore.Open(data.Path))
        {
            var first = await StartAsync([$"127.0.0.1:{peer.Port}"], new StoreDhtState(store));
            firstId = first.Id;
            Assert.True(await first.BootstrapAsync(CancellationToken.None) >= 1);
            await first.DisposeAsync();
        }

        using (var store = HomeStore.Open(data.Path))
        {
            await using var second = await StartAsync([], new StoreDhtState(store));
            Assert.Equal(firstId, second.Id);
            Assert.True(await second.BootstrapAsync(CancellationToken.None) >= 1, "the saved table did not bring the node back");
        }
    }

    private static async Task<DhtEngine> StartAsync(IReadOnlyList<string> bootstrap, IDhtStateStore? store = null)
    {
        var engine = new DhtEngine(
            new DhtOptions { ListenAddress = IPAddress.Loopback, BootstrapNodes = bootstrap, QueryTimeout = TimeSpan.FromSeconds(2), LookupTimeout = TimeSpan.FromSeconds(15) },
            store,
            TimeProvider.System,
            NullLogger<DhtEngine>.Instance);
        await engine.StartAsync(CancellationToken.None);
        return engine;
    }

    private static (string Torrent, InfoHash Hash) MakeTrackerlessTorrent(TempFolder work, string name)
    {
        var file = work.File(name + ".bin");
        File.WriteAllBytes(file, System.Security.Cryptography.RandomNumberGenerator.GetBytes(200_000));
        var torrent = work.File(name + ".torrent");
        using (var mktorrent = Process.Start(new ProcessStartInfo("mktorrent", ["-l", "15", "-o", torrent, file]) { RedirectStandardOutput = true, UseShellExecute = false })!)
        {
            mktorrent.StandardOutput.ReadToEnd();
            mktorrent.WaitForExit();
            Assert.Equal(0, mktorrent.ExitCode);
        }

        return (torrent, InfoHashOf(torrent));
    }

    // The v1 info-hash: SHA-1 of the info dictionary's bytes, located with the bencode reader.
    private static InfoHash InfoHashOf(string torrent)
    {
        Assert.True(HomeTelco.Torrent.Bencoding.Bencode.TryDecode(File.ReadAllBytes(torrent), HomeTelco.Torrent.Bencoding.BencodeLimits.Default, out var root, out var error), error);
        var info = ((HomeTelco.Torrent.Bencoding.BDictionary)root!)["info"]!;
#pragma warning disable CA5350 // BEP 3's info-hash is SHA-1 by definition.
        return InfoHash.FromBytes(System.Security.Cryptography.SHA1.HashData(info.Raw.Span));
#pragma warning restore CA5350
    }
}
