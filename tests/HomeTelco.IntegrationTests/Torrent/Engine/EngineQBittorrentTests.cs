using HomeTelco.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// Our engine and qBittorrent (libtorrent) in one loopback swarm through opentracker: each downloads the multi-file
/// torrent from the other as the only seeder, and the files match byte for byte.
/// </summary>
public sealed class EngineQBittorrentTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Downloads_a_multi_file_torrent_seeded_by_qbittorrent()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        using var qbittorrent = await QBittorrentPeer.StartAsync(swarm, "127.0.0.7");
        await qbittorrent.AddAsync(swarm.SeedDir);
        await qbittorrent.WaitCompleteAsync(Deadline, () => "(qBittorrent checking its own seed)");

        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        swarm.AssertSameContent(downloads);
        var view = engine.Find(added.Id)!.Summary;
        Assert.True(view.Downloaded >= swarm.Metainfo.ContentLength, $"downloaded {view.Downloaded} of {swarm.Metainfo.ContentLength}");
    }

    [Fact]
    public async Task Qbittorrent_downloads_from_our_engine_as_the_only_seeder()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        var engine = await swarm.StartEngineAsync(swarm.SeedDir, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        using var qbittorrent = await QBittorrentPeer.StartAsync(swarm, "127.0.0.8");
        var theirs = swarm.Work.File("qbittorrent-download");
        Directory.CreateDirectory(theirs);
        await qbittorrent.AddAsync(theirs);
        await qbittorrent.WaitCompleteAsync(Deadline, () => $"engine: {engine.Find(added.Id)?.Summary}");

        await swarm.WaitForSameContentAsync(theirs, TimeSpan.FromSeconds(20), () => $"engine: {engine.Find(added.Id)?.Summary}");
        Assert.True(engine.List().Single().Uploaded >= swarm.Metainfo.ContentLength);
    }
}
