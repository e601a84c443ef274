using System.Collections.Concurrent;
using HomeTelco.Core.Store;
using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Resume;
using HomeTelco.Torrent.Storage;
using HomeTelco.Torrent.Tests.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

// Not "Tests.Resume": CA1716 reserves "Resume" (a Visual Basic keyword) in public namespaces.
namespace HomeTelco.Torrent.Tests.ResumeData;

public sealed class ResumeRestoreTests : IDisposable
{
    private const int PieceLength = 32 * 1024;
    private static readonly InfoHash Hash = InfoHash.FromBytes(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());
    private readonly TempFolder _folder = new();
    private readonly HomeStore _store;
    private readonly TorrentResumeStore _resume;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SyntheticTorrent _torrent = SyntheticTorrent.Make(PieceLength, 77, ("a.bin", (3L * PieceLength) + 1_000), ("b/b.bin", 2L * PieceLength), ("empty", 0));

    public ResumeRestoreTests()
    {
        _store = HomeStore.Open(_folder.File("data"));
        _resume = new TorrentResumeStore(_store);
    }

    public void Dispose()
    {
        _store.Dispose();
        _folder.Dispose();
    }

    private string Downloads => _folder.File("downloads");

    private (TorrentStorage Storage, VerifiedPieces Verified, ResumeSaver Saver) Open()
    {
        var storage = new TorrentStorage(_torrent.Layout, Downloads);
        var verified = new VerifiedPieces(_torrent.Layout.PieceCount);
        return (storage, verified, new ResumeSaver(_resume, Hash, storage, verified, _time, TimeSpan.FromSeconds(30), NullLogger.Instance));
    }

    private void WritePieces(TorrentStorage storage, VerifiedPieces verified, params int[] pieces)
    {
        foreach (var piece in pieces)
        {
            storage.Write(piece, 0, _torrent.Piece(piece).Span);
            verified.Set(piece);
        }
    }

    private async Task<(ResumePlan Plan, VerifiedPieces Verified, CountingVerifier Verifier, List<RecheckProgress> Progress)> RestoreAsync()
    {
        using var storage = new TorrentStorage(_torrent.Layout, Downloads);
        var verified = new VerifiedPieces(_torrent.Layout.PieceCount);
        var verifier = new CountingVerifier(_torrent.Verifier);
        var progress = new ListProgress();
        var plan = await ResumeRestorer.RestoreAsync(_resume, Hash, storage, verifier, verified, parallelism: 2, progress, NullLogger.Instance, CancellationToken.None);
        return (plan, verified, verifier, [.. progress.Reports.OrderBy(p => p.Checked)]);
    }

    [Fact]
    public void SaveIfDue_SavesOnlyWhenSomethingChangedAndTheIntervalPassed()
    {
        var (storage, verified, saver) = Open();
        using (storage)
        {
            Assert.False(saver.SaveIfDue());
            WritePieces(storage, verified, 0);
            saver.MarkDirty();
            Assert.False(saver.SaveIfDue());
            _time.Advance(TimeSpan.FromSeconds(29));
            Assert.False(saver.SaveIfDue());
            _time.Advance(TimeSpan.FromSeconds(1));
            Assert.True(saver.SaveIfDue());
            Assert.False(saver.SaveIfDue());
            _time.Advance(TimeSpan.FromMinutes(5));
            Assert.False(saver.SaveIfDue());
            Assert.Equal(1, saver.SaveCount);
        }

        var saved = _resume.Load(Hash)!;
        Assert.False(saved.CleanStop);
        Assert.True(Bitfield.TryRead(saved.Verified, _torrent.Layout.PieceCount, out var bits));
        Assert.True(bits![0]);
        Assert.Equal(1, bits.Count);
    }

    [Fact]
    public async Task Restore_AfterACleanStop_TrustsEveryPieceWithoutReadingOne()
    {
        var (storage, verified, saver) = Open();
        using (storage)
        {
            WritePieces(storage, verified, 0, 1, 2, 3, 4, 5);
            storage.CreateEmptyFiles();
            Assert.True(saver.Save(cleanStop: true));
        }

        var (plan, restored, verifier, progress) = await RestoreAsync();

        Assert.True(plan.CleanStop);
        Assert.True(restored.IsComplete);
        Assert.Equal(0, verifier.Calls);
        Assert.Empty(progress);
    }

    [Fact]
    public async Task Restore_AfterAFileWasCorruptedWhileStopped_RechecksThatFileAndDropsTheBadPiece()
    {
        var (storage, verified, saver) = Open();
        using (storage)
        {
            WritePieces(storage, verified, 0, 1, 2, 3, 4, 5);
            storage.CreateEmptyFiles();
            Assert.True(saver.Save(cleanStop: true));
        }

        var path = Path.Combine(Downloads, "b", "b.bin");
        await using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            file.Position = PieceLength + 10;
            file.WriteByte(0x5A);
        }

        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(1));

        var (plan, restored, verifier, progress) = await RestoreAsync();

        // b.bin starts at 99304: it holds the tail of piece 3 and pieces 4 and 5; byte 32778 of it is in piece 4.
        Assert.Equal([3, 4, 5], plan.ToCheck);
        Assert.Equal(3, verifier.Calls);
        Assert.Equal(5, restored.Count);
        Assert.False(restored.Has(4));
        Assert.Equal(new RecheckProgress(3, 3, 2), progress[^1]);
        Assert.Equal([1, 2, 3], progress.Select(p => p.Checked));
    }

    [Fact]
    public async Task Restore_AfterACrash_RecoversPiecesVerifiedAfterTheLastSave()
    {
        var (storage, verified, saver) = Open();
        using (storage)
        {
            WritePieces(storage, verified, 0, 4);
            Assert.True(saver.Save(cleanStop: false));
            // Written after the save, then the process "dies": no save records them.
            WritePieces(storage, verified, 1, 5);
            File.SetLastWriteTimeUtc(storage.PathOf(0), DateTime.UtcNow.AddMinutes(1));
            File.SetLastWriteTimeUtc(storage.PathOf(1), DateTime.UtcNow.AddMinutes(1));
        }

        var (plan, restored, _, _) = await RestoreAsync();

        Assert.False(plan.CleanStop);
        Assert.Equal([0, 1, 4, 5], Enumerable.Range(0, 6).Where(restored.Has));
    }

    [Fact]
    public async Task Restore_WithoutResumeData_ChecksWhatIsOnDisk()
    {
        var (storage, verified, _) = Open();
        using (storage)
        {
            WritePieces(storage, verified, 2);
        }

        var (plan, restored, _, _) = await RestoreAsync();

        // Only a.bin exists (pieces 0-3; piece 3 also needs b.bin, which was never written).
        Assert.Equal([0, 1, 2], plan.ToCheck);
        Assert.Equal([2], Enumerable.Range(0, 6).Where(restored.Has));
    }

    private sealed class CountingVerifier(IPieceVerifier inner) : IPieceVerifier
    {
        private int _calls;

        public int Calls => _calls;

        public bool Verify(int piece, ReadOnlySpan<byte> data)
        {
            Interlocked.Increment(ref _calls);
            return inner.Verify(piece, data);
        }
    }

    private sealed class ListProgress : IProgress<RecheckProgress>
    {
        public ConcurrentBag<RecheckProgress> Reports { get; } = [];

        public void Report(RecheckProgress value) => Reports.Add(value);
    }
}
