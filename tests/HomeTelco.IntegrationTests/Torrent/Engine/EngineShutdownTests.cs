using HomeTelco.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// A web host stops its services from two paths at once when a test factory disposes it (the factory and the host's
/// own run loop), and whichever finishes first disposes the store. One CI run failed on it: the second stop returned
/// while the first was still saving a torrent, and the save met a closed store.
/// </summary>
public sealed class EngineShutdownTests
{
    [Fact]
    public async Task Stopped_from_two_paths_at_once_neither_returns_before_the_torrents_are_saved()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        var engine = await swarm.StartEngineAsync(swarm.Work.File("ours"), swarm.Work.File("store"));
        // No seeder anywhere: the torrent stays running, looking for peers, until the engine stops it.
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForAsync(engine, added.Id, d => d.Summary.State == TorrentState.Downloading, "start downloading", TimeSpan.FromSeconds(20));

        var first = engine.StopAsync(CancellationToken.None);
        var second = engine.StopAsync(CancellationToken.None);
        await second;
        Assert.True(first.IsCompleted, "the second stop returned while the first was still at work");

        // What the path that finished first does next.
        swarm.StoreOf(engine).Dispose();
        await first;
        Assert.Equal(TorrentState.Queued, engine.Find(added.Id)!.Summary.State);
    }
}
