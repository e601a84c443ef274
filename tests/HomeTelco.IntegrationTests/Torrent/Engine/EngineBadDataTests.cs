using System.Diagnostics;
using HomeTelco.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// A seeder that lies: aria2c seeding, unchecked, a copy of the content with bytes changed in some pieces. Our engine
/// must catch every bad piece by its hash, ban the liar's address, never count a bad piece as had, and still complete
/// byte for byte once an honest seeder joins.
/// </summary>
public sealed class EngineBadDataTests
{
    private const string Liar = "127.0.0.2";
    private const string Honest = "127.0.0.3";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task A_seeder_sending_bad_pieces_is_banned_and_the_download_completes_from_an_honest_one()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        var tampered = TamperedCopy(swarm);
        swarm.StartAria2Seeder(Liar, tampered, "--check-integrity=false");
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);

        // The liar alone: a bad piece fails its hash, the liar is banned, and the torrent is never complete.
        var banned = await SwarmFixture.WaitForAsync(engine, added.Id, d => d.HashFailures > 0 && d.BannedPeers.Contains(Liar), "ban the liar", Deadline);
        Assert.NotEqual(TorrentState.Seeding, banned.Summary.State);
        Assert.True(banned.Summary.Progress < 1, $"complete from a seeder whose pieces fail their hash: {banned.Summary}");

        // The liar keeps announcing every 2 s and may dial us: for a while it must stay off the peer list.
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < TimeSpan.FromSeconds(8))
        {
            var now = engine.Find(added.Id)!;
            AssertNotConnectedToLiar(now);
            Assert.True(now.Summary.Progress < 1, $"complete with only the banned liar around: {now.Summary}");
            await Task.Delay(250);
        }

        // The honest seeder joins; the download completes from it, and the liar never comes back.
        swarm.StartAria2Seeder(Honest);
        var done = await SwarmFixture.WaitForAsync(engine, added.Id, d =>
        {
            AssertNotConnectedToLiar(d);
            return d.Summary.State == TorrentState.Seeding;
        }, "complete from the honest seeder", Deadline);
        swarm.AssertSameContent(downloads);
        Assert.Contains(Liar, done.BannedPeers);
        Assert.DoesNotContain(Honest, done.BannedPeers);
        Assert.True(done.HashFailures >= 1);
    }

    [Fact]
    public async Task With_a_liar_and_an_honest_seeder_at_once_only_the_liar_is_banned()
    {
        await using var swarm = new SwarmFixture();
        // 64 KiB pieces of four blocks: pieces are more often shared between the two seeders, so blame must be fair.
        await swarm.CreateAsync(pieceExponent: 16);
        swarm.StartAria2Seeder(Liar, TamperedCopy(swarm), "--check-integrity=false");
        swarm.StartAria2Seeder(Honest);
        var downloads = swarm.Work.File("ours");
        var engine = await swarm.StartEngineAsync(downloads, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);

        var done = await SwarmFixture.WaitForAsync(engine, added.Id, d => d.Summary.State == TorrentState.Seeding, "complete", Deadline);
        swarm.AssertSameContent(downloads);
        Assert.DoesNotContain(Honest, done.BannedPeers);
        // Only the liar sends bad data: a piece it alone sent bans it at once, a shared one once that piece passes
        // and its blocks are compared, which every failed piece has done by completion (the ban follows off the lock).
        if (done.HashFailures > 0)
        {
            var after = await SwarmFixture.WaitForAsync(engine, added.Id, d => d.BannedPeers.Contains(Liar), "ban the liar", TimeSpan.FromSeconds(10));
            Assert.DoesNotContain(Honest, after.BannedPeers);
        }
    }

    // The seed's content copied, with one byte changed in every fourth piece of the first file: aria2c seeds it as it is.
    private static string TamperedCopy(SwarmFixture swarm)
    {
        var root = swarm.Work.File("tampered");
        foreach (var file in swarm.Metainfo.Files.Where(f => !f.IsPadding))
        {
            var target = Path.Combine(root, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(swarm.SeedDir, file.Path), target);
        }

        var first = swarm.Metainfo.Files[0];
        var bytes = File.ReadAllBytes(Path.Combine(root, first.Path));
        for (long offset = swarm.Metainfo.PieceLength / 2; offset < bytes.Length; offset += 4L * swarm.Metainfo.PieceLength)
        {
            bytes[offset] ^= 0x5a;
        }

        File.WriteAllBytes(Path.Combine(root, first.Path), bytes);
        return root;
    }

    private static void AssertNotConnectedToLiar(TorrentDetails details) =>
        Assert.DoesNotContain(details.Peers, p => p.Address.StartsWith(Liar + ":", StringComparison.Ordinal));
}
