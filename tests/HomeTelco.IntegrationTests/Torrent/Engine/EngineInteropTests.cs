using HomeTelco.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// Our engine in a real swarm on loopback: it downloads a multi-file torrent from aria2c and from Transmission, and
/// each of them downloads it from our engine as the only seeder. Files are compared byte for byte.
/// </summary>
public sealed class EngineInteropTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Downloads_a_multi_file_torrent_seeded_by_aria2c()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        swarm.StartAria2Seeder("127.0.0.2");
        await swarm.WaitForTrackerPeersAsync(1, Deadline);
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));

        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        swarm.AssertSameContent(downloads);
        var view = engine.List().Single();
        Assert.Equal(1.0, view.Progress);
        Assert.True(view.Downloaded >= swarm.Metainfo.ContentLength, $"downloaded {view.Downloaded} of {swarm.Metainfo.ContentLength}");
    }

    [Fact]
    public async Task Downloads_a_multi_file_torrent_seeded_by_transmission()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        swarm.StartTransmission("127.0.0.3", swarm.SeedDir);
        await swarm.WaitForTrackerPeersAsync(1, Deadline);
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));

        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        swarm.AssertSameContent(downloads);
    }

    [Fact]
    public async Task Aria2c_downloads_from_our_engine_as_the_only_seeder()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        var engine = await swarm.StartEngineAsync(swarm.SeedDir, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        var theirs = swarm.Work.File("aria2-download");
        var aria = swarm.StartAria2Leecher("127.0.0.4", theirs);
        await swarm.WaitForSameContentAsync(theirs, Deadline, () => $"engine: {engine.Find(added.Id)?.Summary}");
        Assert.True(engine.List().Single().Uploaded >= swarm.Metainfo.ContentLength);
        _ = aria;
    }

    [Fact]
    public async Task Transmission_downloads_from_our_engine_as_the_only_seeder()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();

        // Transmission waits first: it never dials loopback peers, so our engine must learn of it from the tracker,
        // and it respects the tracker's "min interval" (opentracker: about 16 minutes) rather than announcing again.
        var theirs = swarm.Work.File("transmission-download");
        Directory.CreateDirectory(theirs);
        var transmission = swarm.StartTransmission("127.0.0.5", theirs);
        await swarm.WaitForTrackerPeersAsync(1, Deadline);

        var engine = await swarm.StartEngineAsync(swarm.SeedDir, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await swarm.WaitForSameContentAsync(theirs, Deadline, () => $"engine: {engine.Find(added.Id)?.Summary}\ntransmission: {swarm.OutputOf(transmission)}", emptyFilesMayBeMissing: true);
    }
}
