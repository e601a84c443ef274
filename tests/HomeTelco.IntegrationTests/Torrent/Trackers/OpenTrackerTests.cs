using System.Net;
using System.Security.Cryptography;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.Torrent;
using HomeTelco.Torrent.Trackers;
using HomeTelco.Torrent.Trackers.Http;
using HomeTelco.Torrent.Trackers.Udp;

namespace HomeTelco.IntegrationTests.Torrent.Trackers;

/// <summary>Our HTTP and UDP tracker clients against the real opentracker on loopback, and a real aria2c in the same swarm.</summary>
public sealed class OpenTrackerTests : IDisposable
{
    private static readonly byte[] PeerA = "-HT0001-aaaaaaaaaaaa"u8.ToArray();
    private static readonly byte[] PeerB = "-HT0001-bbbbbbbbbbbb"u8.ToArray();

    private readonly HttpClient _http = new();
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(120));
    private readonly InfoHash _hash = InfoHash.FromBytes(RandomNumberGenerator.GetBytes(20));

    public static TheoryData<string> Schemes => ["http", "udp"];

    [Theory]
    [MemberData(nameof(Schemes))]
    public async Task Announce_TwoPeersOnTwoPorts_EachGetsTheOtherAndScrapeCountsThem(string scheme)
    {
        await using var tracker = await OpenTracker.StartAsync(_hash);
        var client = Client(tracker, scheme);
        var portA = BoxProcess.FreePort();
        var portB = BoxProcess.FreePort();

        var seeder = await client.AnnounceAsync(new AnnounceRequest(_hash, PeerA, portA) { Event = TrackerEvent.Started, Left = 0 }, Timeout());
        var leecher = await client.AnnounceAsync(new AnnounceRequest(_hash, PeerB, portB) { Event = TrackerEvent.Started, Left = 500 }, Timeout());
        var seederAgain = await client.AnnounceAsync(new AnnounceRequest(_hash, PeerA, portA) { Left = 0 }, Timeout());

        Assert.True(leecher.Succeeded, leecher.Reason);
        Assert.True(seederAgain.Succeeded, seederAgain.Reason);
        Assert.True(seeder.Succeeded, seeder.Reason);
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, portA), leecher.Value!.Peers);
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, portB), seederAgain.Value!.Peers);
        Assert.True(leecher.Value.Interval > TimeSpan.Zero);
        Assert.Equal(1, leecher.Value.Complete);
        Assert.Equal(1, leecher.Value.Incomplete);

        var scrape = await client.ScrapeAsync([_hash], Timeout());
        Assert.True(scrape.Succeeded, scrape.Reason);
        var counts = Assert.Single(scrape.Value!);
        Assert.Equal((_hash, 1, 1), (counts.InfoHash, counts.Complete, counts.Incomplete));
    }

    [Fact]
    public async Task HttpAnnounce_HashNotOnTheWhitelist_IsRefusedWithOpentrackersReason()
    {
        await using var tracker = await OpenTracker.StartAsync(_hash);
        var stranger = InfoHash.FromBytes(RandomNumberGenerator.GetBytes(20));

        var result = await Client(tracker, "http").AnnounceAsync(new AnnounceRequest(stranger, PeerA, 6881) { Event = TrackerEvent.Started }, Timeout());

        Assert.Equal(TrackerFailureKind.Refused, result.Failure);
        Assert.Equal("Requested download is not authorized for use with this tracker.", result.Reason);
    }

    [Fact]
    public async Task UdpAnnounce_HashNotOnTheWhitelist_BareHeaderIsABadResponse()
    {
        // opentracker refuses over UDP with an announce reply cut to its 8-byte header (no error action, no interval).
        await using var tracker = await OpenTracker.StartAsync(_hash);
        var stranger = InfoHash.FromBytes(RandomNumberGenerator.GetBytes(20));

        var result = await Client(tracker, "udp").AnnounceAsync(new AnnounceRequest(stranger, PeerA, 6881) { Event = TrackerEvent.Started }, Timeout());

        Assert.Equal(TrackerFailureKind.BadResponse, result.Failure);
        Assert.Equal("malformed Announce reply of 8 bytes", result.Reason);
    }

    [Fact]
    public async Task HttpAnnounce_Aria2InTheSameSwarm_ShowsUpInOurPeers()
    {
        using var folder = new TempFolder();

        // The torrent names the tracker's port and the tracker's whitelist names the torrent: port first.
        var port = OpenTracker.FreeTcpAndUdpPort();
        var (hash, torrent) = Aria2Seeder.MakeTorrent(folder, new Uri($"http://127.0.0.1:{port}/announce"));
        await using var tracker = await OpenTracker.StartAsync(port, hash);
        var ariaPort = BoxProcess.FreePort();
        await using var aria = Aria2Seeder.Start(folder, torrent, "127.0.0.2", ariaPort);

        await AnnounceUntilSeenAsync(Client(tracker, "http"), hash, new IPEndPoint(IPAddress.Parse("127.0.0.2"), ariaPort), () => aria.Output.Text);
    }

    [Fact]
    public async Task UdpAnnounce_TransmissionInTheSameSwarm_ShowsUpInOurPeers()
    {
        // aria2c speaks UDP trackers only through its DHT socket, and DHT stays off in tests: transmission-cli it is.
        using var folder = new TempFolder();
        var port = OpenTracker.FreeTcpAndUdpPort();
        var (hash, torrent) = Aria2Seeder.MakeTorrent(folder, new Uri($"udp://127.0.0.1:{port}/announce"));
        await using var tracker = await OpenTracker.StartAsync(port, hash);
        var peerPort = BoxProcess.FreePort();
        await using var transmission = TransmissionPeer.Start(torrent, Path.Combine(folder.Path, "data"), "127.0.0.3", peerPort);

        await AnnounceUntilSeenAsync(Client(tracker, "udp"), hash, new IPEndPoint(IPAddress.Parse("127.0.0.3"), peerPort), () => transmission.Output.Text);
    }

    [Fact]
    public async Task TrackerSet_DeadTrackersInTheFirstTier_FallsThroughToOpentrackerAndSendsStopped()
    {
        await using var tracker = await OpenTracker.StartAsync(_hash);
        using var silentUdp = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        silentUdp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var silent = new Uri($"udp://127.0.0.1:{((IPEndPoint)silentUdp.LocalEndPoint!).Port}/announce");
        var refused = new Uri($"http://127.0.0.1:{BoxProcess.FreePort()}/announce");
        var pool = new TrackerClientPool(_http, TimeProvider.System, udpOptions: new UdpTrackerOptions { BaseTimeout = TimeSpan.FromMilliseconds(200), MaxRetransmissions = 1 });
        var tiers = pool.Tiers([[silent, refused], [tracker.UdpAnnounce]], [], isPrivate: false);
        var otherPort = BoxProcess.FreePort();
        var other = await Client(tracker, "http").AnnounceAsync(new AnnounceRequest(_hash, PeerB, otherPort) { Event = TrackerEvent.Started, Left = 0 }, Timeout());
        Assert.True(other.Succeeded, other.Reason);
        using var set = new TrackerSet(_hash, tiers, isPrivate: false, PeerA, 7001, () => new TransferTotals(0, 0, 10), TimeProvider.System, new Random(3));

        var outcome = await set.AnnounceAsync(Timeout());

        Assert.True(outcome.Succeeded);
        Assert.Equal(tracker.UdpAnnounce, outcome.Tracker!.Uri);
        Assert.Contains(new IPEndPoint(IPAddress.Loopback, otherPort), outcome.Peers);
        Assert.True(await set.StopAsync(Timeout()));
        var after = await Client(tracker, "http").ScrapeAsync([_hash], Timeout());
        Assert.Equal(0, Assert.Single(after.Value!).Incomplete);
    }

    private async Task AnnounceUntilSeenAsync(ITrackerClient client, InfoHash hash, IPEndPoint expected, Func<string> peerOutput)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        IReadOnlyList<IPEndPoint> peers = [];
        while (!peers.Contains(expected))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{expected} never showed up; we saw [{string.Join(", ", peers)}]. The peer said:\n{peerOutput()}");
            await Task.Delay(250);
            var result = await client.AnnounceAsync(new AnnounceRequest(hash, PeerA, 6881) { Event = TrackerEvent.Started, Left = 100_000 }, Timeout());
            Assert.True(result.Succeeded, result.Reason);
            peers = result.Value!.Peers;
        }

        var scrape = await client.ScrapeAsync([hash], Timeout());
        Assert.True(scrape.Succeeded, scrape.Reason);
        Assert.True(Assert.Single(scrape.Value!).Complete + Assert.Single(scrape.Value!).Incomplete >= 2, "the real peer and we are both counted");
    }

    public void Dispose()
    {
        _http.Dispose();
        _deadline.Dispose();
    }

    private CancellationToken Timeout() => _deadline.Token;

    private ITrackerClient Client(OpenTracker tracker, string scheme) => scheme == "udp"
        ? new UdpTrackerClient(tracker.UdpAnnounce, TimeProvider.System, new UdpTrackerOptions { BaseTimeout = TimeSpan.FromSeconds(2) })
        : new HttpTrackerClient(tracker.HttpAnnounce, _http, TimeProvider.System);
}
