using System.Diagnostics;
using System.Globalization;
using HomeTelco.Core.Store;
using HomeTelco.Torrent.Resume;
using HomeTelco.Torrent.Storage;
using HomeTelco.Torrent.Tests.Metainfo;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

// Not "Tests.Resume": CA1716 reserves "Resume" (a Visual Basic keyword) in public namespaces.
namespace HomeTelco.Torrent.Tests.ResumeData;

public sealed class ResumeCrashTests(ITestOutputHelper output)
{
    [Fact]
    public async Task KillDashNine_WhileWritingPieces_ResumeAndRecheckKeepOnlyGoodPiecesAndTheFilesComplete()
    {
        using var folder = new TempFolder();
        var writer = RepoPaths.Output("tests/HomeTelco.TorrentCrashWriter", "HomeTelco.TorrentCrashWriter.dll");
        Assert.True(File.Exists(writer), "build the solution first: " + writer);

        // A real torrent of random files, made by mktorrent with 32 KiB pieces (2^15), files not piece-aligned.
        var sourceDir = folder.File("source");
        ExternalTool.WriteFile(Path.Combine(sourceDir, "set", "a.bin"), (3 * 1024 * 1024) + 777, seed: 1);
        ExternalTool.WriteFile(Path.Combine(sourceDir, "set", "sub", "b.bin"), (1024 * 1024) + 12_345, seed: 2);
        ExternalTool.WriteFile(Path.Combine(sourceDir, "set", "sub", "c.bin"), 5, seed: 3);
        ExternalTool.WriteFile(Path.Combine(sourceDir, "set", "d.bin"), 600_001, seed: 4);
        var torrentPath = folder.File("set.torrent");
        ExternalTool.Run("mktorrent", ["-l", "15", "-a", "http://127.0.0.1:1/announce", "-o", torrentPath, "set"], workingDirectory: sourceDir);
        var torrent = TestTorrentFile.Read(torrentPath);
        Assert.True(torrent.Layout.Files.Count >= 4);
        Assert.True(torrent.Layout.PieceCount > 100);

        var dataDir = folder.File("data");
        var downloadDir = folder.File("downloads");
        var random = new Random(20261129);
        var finished = false;
        var have = 0;
        for (var round = 0; round < 6 && !finished; round++)
        {
            // The last round is left to run to the end; the others are killed somewhere in what is left to do.
            var killAfter = round < 5 ? random.Next(1, Math.Max(2, (torrent.Layout.PieceCount - have) / 3)) : int.MaxValue;
            var run = await RunWriterAsync(writer, dataDir, downloadDir, torrentPath, sourceDir, round, killAfter);
            finished = run.Done;

            // As the engine would at start: resume data, then a re-check of what it cannot trust.
            using var store = HomeStore.Open(dataDir);
            using var storage = new TorrentStorage(torrent.Layout, downloadDir);
            using var original = new TorrentStorage(torrent.Layout, sourceDir);
            var verified = new VerifiedPieces(torrent.Layout.PieceCount);
            var plan = await ResumeRestorer.RestoreAsync(new TorrentResumeStore(store), torrent.InfoHash, storage, torrent.Verifier(), verified, 2, null, NullLogger.Instance, CancellationToken.None);

            var mine = new byte[torrent.Layout.PieceLength];
            var theirs = new byte[torrent.Layout.PieceLength];
            for (var piece = 0; piece < torrent.Layout.PieceCount; piece++)
            {
                if (!verified.Has(piece))
                {
                    continue;
                }

                var size = torrent.Layout.PieceSize(piece);
                Assert.True(storage.TryRead(piece, 0, mine.AsSpan(0, size)), $"round {round}: piece {piece} set but unreadable");
                Assert.True(original.TryRead(piece, 0, theirs.AsSpan(0, size)));
                Assert.True(mine.AsSpan(0, size).SequenceEqual(theirs.AsSpan(0, size)), $"round {round}: piece {piece} set but its bytes differ from the original");
            }

            output.WriteLine($"round {round}: killed after {killAfter} verified, writer started from {run.Restored}, saw {run.Saved.Count} saved; "
                + $"trusted {plan.Trusted.Count}, re-checked {plan.ToCheck.Count} ({plan.ChangedFiles} changed files), now {verified.Count} of {torrent.Layout.PieceCount}");

            // Everything the writer saw saved before it died survives (trusted or re-verified).
            Assert.All(run.Saved, piece => Assert.True(verified.Has(piece), $"round {round}: piece {piece} was saved but is lost"));
            Assert.True(verified.Count >= run.Restored, $"round {round}: fewer pieces after the crash ({verified.Count}) than before the run ({run.Restored})");
            have = verified.Count;
            if (finished)
            {
                Assert.True(plan.CleanStop || run.Done);
                Assert.True(verified.IsComplete);
            }
        }

        Assert.True(finished, "the last writer did not complete the torrent");
        foreach (var file in torrent.Layout.Files)
        {
            var expected = await File.ReadAllBytesAsync(Path.Combine(sourceDir, file.Path));
            var actual = await File.ReadAllBytesAsync(Path.Combine(downloadDir, file.Path));
            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{file.Path} differs from the original");
        }
    }

    private sealed record WriterRun(bool Done, int Restored, HashSet<int> Saved);

    /// <summary>Runs the writer until it has verified <paramref name="killAfter"/> pieces, then SIGKILLs it.</summary>
    private static async Task<WriterRun> RunWriterAsync(string writer, string dataDir, string downloadDir, string torrentPath, string sourceDir, int seed, int killAfter)
    {
        var info = new ProcessStartInfo("dotnet", [writer, dataDir, downloadDir, torrentPath, sourceDir, seed.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var restored = -1;
        var verifiedCount = 0;
        var sinceSaving = new HashSet<int>();
        var beforeSaving = new HashSet<int>();
        var saved = new HashSet<int>();
        var done = false;
        try
        {
            while (!done && verifiedCount < killAfter && await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                var parts = line.Split(' ');
                switch (parts[0])
                {
                    case "restored":
                        restored = int.Parse(parts[1], CultureInfo.InvariantCulture);
                        break;
                    case "verified":
                        sinceSaving.Add(int.Parse(parts[1], CultureInfo.InvariantCulture));
                        verifiedCount++;
                        break;
                    case "saving":
                        // Pieces reported before "saving" had their bit set before the save took its snapshot.
                        beforeSaving.UnionWith(sinceSaving);
                        sinceSaving.Clear();
                        break;
                    case "saved":
                        saved.UnionWith(beforeSaving);
                        break;
                    case "done":
                        done = true;
                        break;
                }
            }
        }
        finally
        {
            if (!done)
            {
                // SIGKILL: no flush, no clean-stop save — as close to pulling the plug as a test gets.
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync(CancellationToken.None);
        }

        Assert.True(restored >= 0, "the writer never restored: " + await stderr);
        Assert.True(done || verifiedCount >= killAfter, "the writer stopped early: " + await stderr);
        return new WriterRun(done, restored, saved);
    }
}
