using HomeTelco.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// A torrent whose first tiers are hostile trackers (HTTP answering huge, endless, too deep or malformed bencode; UDP
/// answering garbage): the engine asks each of them, refuses every answer, keeps running, and still finds aria2c
/// through opentracker in the last tier and completes byte for byte.
/// </summary>
public sealed class EngineHostileTrackerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Garbage_from_http_and_udp_trackers_is_refused_and_the_good_tracker_still_delivers()
    {
        await using var hostile = new HostileTracker();
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync(tiersBefore: [hostile.HttpTier, hostile.UdpAnnounce]);
        // aria2c would be stuck on the hostile tiers too: it is told of opentracker only.
        swarm.StartAria2Seeder("127.0.0.10", swarm.SeedDir, "-V", "--bt-exclude-tracker=*", $"--bt-tracker=http://127.0.0.1:{swarm.TrackerPort}/announce");
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);

        await SwarmFixture.WaitForAsync(engine, added.Id, d => d.Summary.State is TorrentState.Seeding or TorrentState.Error, "complete", Deadline);

        Assert.Equal(TorrentState.Seeding, engine.Find(added.Id)?.Summary.State);
        swarm.AssertSameContent(downloads);
        foreach (var mode in HostileTracker.Modes)
        {
            Assert.True(hostile.Asked(mode) > 0, $"the engine never asked the hostile tracker's /{mode}/announce");
        }

        Assert.True(hostile.Datagrams > 0, "the engine never asked the hostile UDP tracker");
    }
}
