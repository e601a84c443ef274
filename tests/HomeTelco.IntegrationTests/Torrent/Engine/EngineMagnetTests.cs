using HomeTelco.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// A magnet link with only the info-hash and the loopback tracker: the engine finds aria2c through opentracker,
/// fetches the info dictionary from it by ut_metadata (BEP 9) and downloads every file byte for byte.
/// </summary>
public sealed class EngineMagnetTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_magnet_resolves_its_metadata_from_aria2c_and_completes()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        swarm.StartAria2Seeder("127.0.0.6");
        await swarm.WaitForTrackerPeersAsync(1, Deadline);
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));

        var tracker = Uri.EscapeDataString($"http://127.0.0.1:{swarm.TrackerPort}/announce");
        var magnet = $"magnet:?xt=urn:btih:{swarm.Metainfo.WireHash.ToHex()}&tr={tracker}";
        var added = await engine.AddAsync(new TorrentAddRequest { Magnet = magnet }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        swarm.AssertSameContent(downloads);
        Assert.Equal(SwarmFixture.Name, engine.Find(added.Id)?.Summary.Name);
    }
}
