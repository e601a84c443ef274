using HomeTelco.IntegrationTests.Torrent.Engine;
using HomeTelco.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.WebSeeds;

/// <summary>
/// Our engine downloading BEP 19 web seeds served by the real nginx on loopback: alone (no tracker, no peer),
/// together with an aria2c seeder, past a web seed serving corrupt data, and past a web seed that answers 404.
/// Files are compared byte for byte; nginx's access log tells what the web seeds delivered.
/// </summary>
public sealed class WebSeedEngineTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Downloads_a_multi_file_torrent_from_a_web_seed_alone()
    {
        await using var swarm = new SwarmFixture();
        var nginx = new NginxWebSeed(swarm);
        await swarm.CreateAsync(webSeeds: [nginx.Url("seed")], withTracker: false);
        await nginx.StartAsync();
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));

        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await WaitForSeedingAsync(swarm, engine, added.Id, nginx);

        swarm.AssertSameContent(downloads);
        var details = engine.Find(added.Id)!;
        Assert.True(details.Summary.Downloaded >= swarm.Metainfo.ContentLength, $"downloaded {details.Summary.Downloaded} of {swarm.Metainfo.ContentLength}");
        var source = Assert.Single(details.Peers);
        Assert.Equal("web seed", source.Client);
        Assert.Equal(nginx.Url("seed"), source.Address);
        Assert.True(nginx.BytesServed("seed") >= swarm.Metainfo.ContentLength, $"nginx served {nginx.BytesServed("seed")} bytes");
        Assert.Contains(nginx.Requests("seed"), r => r.Path == "/seed/content/sub/b.bin" && r.Status == 206);
    }

    [Fact]
    public async Task Completes_from_a_web_seed_and_an_aria2c_seeder_together()
    {
        await using var swarm = new SwarmFixture();
        var nginx = new NginxWebSeed(swarm);
        await swarm.CreateAsync(totalKib: 6_000, webSeeds: [nginx.Url("seed")]);
        await nginx.StartAsync();
        var aria = swarm.StartAria2Seeder("127.0.0.2");
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));

        // A trickle until aria2c is connected (it may be found only on the engine's next announce), so the web seed
        // cannot take everything first; then a limit that still lets the transfer last a few seconds.
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath), Paused = true }, CancellationToken.None);
        engine.Update(added.Id, new TorrentUpdate { DownloadLimit = 20_000 });
        engine.Start(added.Id);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!engine.Find(added.Id)!.Peers.Any(p => p.Client != "web seed"))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), "aria2c never connected: " + swarm.OutputOf(aria));
            await Task.Delay(200);
        }

        engine.Update(added.Id, new TorrentUpdate { DownloadLimit = 1_000_000 });
        await WaitForSeedingAsync(swarm, engine, added.Id, nginx, () => swarm.OutputOf(aria));

        swarm.AssertSameContent(downloads);
        var fromWeb = nginx.BytesServed("seed");
        var content = swarm.Metainfo.ContentLength;
        Assert.True(fromWeb > 0, "the web seed delivered nothing");
        Assert.True(fromWeb < content, $"the web seed delivered {fromWeb} of {content} bytes: aria2c gave nothing");
        Assert.True(engine.Find(added.Id)!.Summary.Downloaded >= content);
    }

    [Fact]
    public async Task A_web_seed_serving_corrupt_data_is_dropped_while_a_good_one_completes_the_torrent()
    {
        await using var swarm = new SwarmFixture();
        var nginx = new NginxWebSeed(swarm);
        await swarm.CreateAsync(webSeeds: [nginx.Url("bad"), nginx.Url("seed")], withTracker: false);
        CorruptCopy(swarm, "bad");
        await nginx.StartAsync();
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));

        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await WaitForSeedingAsync(swarm, engine, added.Id, nginx);

        swarm.AssertSameContent(downloads);
        var peers = engine.Find(added.Id)!.Peers;
        var bad = Assert.Single(peers, p => p.Address == nginx.Url("bad"));
        var good = Assert.Single(peers, p => p.Address == nginx.Url("seed"));
        Assert.Contains('X', bad.Flags);
        Assert.DoesNotContain('X', good.Flags);
        Assert.True(nginx.BytesServed("bad") > 0, "the corrupt web seed was never asked");
    }

    [Fact]
    public async Task A_web_seed_that_answers_404_does_not_stop_the_torrent_completing_from_a_peer()
    {
        await using var swarm = new SwarmFixture();
        var nginx = new NginxWebSeed(swarm);
        await swarm.CreateAsync(webSeeds: [nginx.Url("missing")]);
        await nginx.StartAsync();
        var aria = swarm.StartAria2Seeder("127.0.0.3");
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));

        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await WaitForSeedingAsync(swarm, engine, added.Id, nginx, () => swarm.OutputOf(aria));

        swarm.AssertSameContent(downloads);
        Assert.Contains(nginx.Requests("missing"), r => r.Status == 404);
        Assert.Equal(0, nginx.BytesServed("missing"));
        Assert.Contains(engine.Find(added.Id)!.Peers, p => p.Client == "web seed" && p.Address == nginx.Url("missing"));
    }

    // The same files with every byte different: each piece a web seed serves from it fails its hash check.
    private static void CorruptCopy(SwarmFixture swarm, string folder)
    {
        var random = new Random(99);
        foreach (var file in swarm.Metainfo.Files.Where(f => !f.IsPadding))
        {
            var target = Path.Combine(swarm.Work.Path, folder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            var bytes = File.ReadAllBytes(Path.Combine(swarm.SeedDir, file.Path));
            var noise = new byte[bytes.Length];
            random.NextBytes(noise);
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] ^= (byte)(noise[i] | 1);
            }

            File.WriteAllBytes(target, bytes);
        }
    }

    private static async Task WaitForSeedingAsync(SwarmFixture swarm, TorrentEngine engine, string id, NginxWebSeed nginx, Func<string>? more = null)
    {
        try
        {
            await SwarmFixture.WaitForStateAsync(engine, id, TorrentState.Seeding, Deadline);
        }
        catch (TimeoutException ex)
        {
            var sources = string.Join("; ", engine.Find(id)?.Peers.Select(p => $"{p.Address} {p.Client} {p.Flags}") ?? []);
            throw new TimeoutException($"{ex.Message}\nsources: {sources}\nnginx errors: {nginx.Errors()}\n{more?.Invoke()}\nwork: {swarm.Work.Path}", ex);
        }
    }
}
