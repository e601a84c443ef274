using System.Diagnostics;
using HomeTelco.Core.Store;
using HomeTelco.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// What happens when a download completes, with real peers: the files move from the incomplete folder to the downloads
/// folder and are seeded from there, a move cut short by a crash is finished at the next start, and seeding stops at
/// the seeding time or ratio the torrent was given.
/// </summary>
public sealed class EngineCompletionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Finished_files_move_to_the_downloads_folder_and_are_seeded_from_there()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        swarm.StartAria2Seeder("127.0.0.2");
        await swarm.WaitForTrackerPeersAsync(1, Deadline);
        var downloads = swarm.Work.File("downloads");
        var incomplete = swarm.Work.File("incomplete");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"), incomplete: incomplete);

        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        Assert.Equal(Path.GetFullPath(incomplete), Path.GetFullPath(engine.Find(added.Id)!.SavePath));
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);
        await WaitForSavePathAsync(engine, added.Id, downloads);

        swarm.AssertSameContent(downloads);
        Assert.Empty(Directory.EnumerateFileSystemEntries(incomplete, "*", SearchOption.AllDirectories));

        // A leecher arriving now is served from the files' new place.
        var theirs = swarm.Work.File("aria2-download");
        Directory.CreateDirectory(theirs);
        var leecher = swarm.StartAria2Leecher("127.0.0.4", theirs);
        await swarm.WaitForSameContentAsync(theirs, Deadline, () => $"engine: {engine.Find(added.Id)?.Summary}\naria2c: {swarm.OutputOf(leecher)}");
    }

    [Fact]
    public async Task A_move_cut_short_by_a_crash_is_finished_at_the_next_start_without_downloading_again()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        swarm.StartAria2Seeder("127.0.0.2");
        await swarm.WaitForTrackerPeersAsync(1, Deadline);
        var downloads = swarm.Work.File("downloads");
        var incomplete = swarm.Work.File("incomplete");
        var store = swarm.Work.File("store");
        var engine = await swarm.StartEngineAsync(downloads, store, incomplete: incomplete);
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);
        await WaitForSavePathAsync(engine, added.Id, downloads);
        var downloadedBefore = engine.Find(added.Id)!.Summary.Downloaded;
        await swarm.StopEngineAsync(engine);

        // What a power cut halfway through the move leaves: the record still names the incomplete folder, one file
        // has moved and the other has not.
        var half = Path.Combine(SwarmFixture.Name, "sub", "b.bin");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(incomplete, half))!);
        File.Move(Path.Combine(downloads, half), Path.Combine(incomplete, half));
        using (var homeStore = HomeStore.Open(store))
        {
            var records = homeStore.Collection<TorrentRecord>(Collections.Torrents);
            var record = records.FindById(added.Id);
            record.SavePath = Path.GetFullPath(incomplete);
            records.Update(record);
        }

        engine = await swarm.StartEngineAsync(downloads, store, incomplete: incomplete);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);
        Assert.Equal(Path.GetFullPath(downloads), Path.GetFullPath(engine.Find(added.Id)!.SavePath));
        swarm.AssertSameContent(downloads);
        Assert.Empty(Directory.EnumerateFiles(incomplete, "*", SearchOption.AllDirectories));
        Assert.Equal(downloadedBefore, engine.Find(added.Id)!.Summary.Downloaded);
    }

    [Fact]
    public async Task Seeding_stops_after_the_seeding_time()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        var engine = await swarm.StartEngineAsync(swarm.SeedDir, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        var clock = Stopwatch.StartNew();
        engine.Update(added.Id, new TorrentUpdate { SeedMinutes = 0.05 });
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Finished, TimeSpan.FromSeconds(30));

        var details = engine.Find(added.Id)!;
        Assert.InRange(details.SeedingTime, TimeSpan.FromSeconds(3), clock.Elapsed + TimeSpan.FromSeconds(5));
        Assert.Throws<HomeTelco.Core.BoxRequestException>(() => engine.Update(added.Id, new TorrentUpdate { SeedMinutes = -1 }));
    }

    [Fact]
    public async Task Seeding_stops_at_the_ratio_once_a_real_leecher_has_taken_a_copy()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        var engine = await swarm.StartEngineAsync(swarm.SeedDir, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        engine.Update(added.Id, new TorrentUpdate { SeedRatio = 0.5 });
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        // Seeding with nobody to serve does not reach a ratio.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(TorrentState.Seeding, engine.Find(added.Id)!.Summary.State);

        var theirs = swarm.Work.File("aria2-download");
        Directory.CreateDirectory(theirs);
        swarm.StartAria2Leecher("127.0.0.4", theirs);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Finished, Deadline);
        var view = engine.Find(added.Id)!.Summary;
        Assert.True(view.Uploaded >= swarm.Metainfo.ContentLength / 2, $"finished after uploading only {view.Uploaded} bytes");
    }

    private static async Task WaitForSavePathAsync(TorrentEngine engine, string id, string folder)
    {
        var clock = Stopwatch.StartNew();
        while (Path.GetFullPath(engine.Find(id)!.SavePath) != Path.GetFullPath(folder) || engine.Find(id)!.Summary.State != TorrentState.Seeding)
        {
            Assert.True(clock.Elapsed < Deadline, $"the torrent did not move to {folder}: {engine.Find(id)}");
            await Task.Delay(100);
        }
    }
}
