using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Resume;
using HomeTelco.Torrent.Storage;

// Not "Tests.Resume": CA1716 reserves "Resume" (a Visual Basic keyword) in public namespaces.
namespace HomeTelco.Torrent.Tests.ResumeData;

public sealed class ResumePlannerTests
{
    private const int PieceLength = 16 * 1024;
    private static readonly long Saved = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc).Ticks;
    private static readonly long LongBefore = Saved - TimeSpan.FromMinutes(5).Ticks;

    // a: pieces 0-1 and half of 2; b: other half of 2, and 3-4; c: empty.
    private static readonly TorrentLayout Layout = new(PieceLength, [
        new TorrentFileSpan("a", (2 * PieceLength) + 8_192, 0),
        new TorrentFileSpan("b", (2 * PieceLength) + 8_192, (2 * PieceLength) + 8_192),
        new TorrentFileSpan("c", 0, (5 * PieceLength)),
    ]);

    private static TorrentResumeDocument Document(bool clean, int[] verified, params ResumeFileDocument[] files)
    {
        var bits = new Bitfield(Layout.PieceCount);
        foreach (var piece in verified)
        {
            bits.Set(piece);
        }

        var wire = new byte[bits.WireLength];
        bits.WriteTo(wire);
        return new TorrentResumeDocument { Id = "x", PieceCount = Layout.PieceCount, PieceLength = PieceLength, Verified = wire, Files = [.. files], CleanStop = clean, SavedAtTicks = Saved };
    }

    private static ResumeFileDocument Then(long length, long ticks) => new() { Exists = true, Length = length, LastWriteTicks = ticks };

    private static readonly ResumeFileDocument EmptyThen = new() { Exists = true, Length = 0, LastWriteTicks = LongBefore };

    private static StoredFileState Now(long length, long ticks) => new(true, length, ticks);

    private static readonly StoredFileState EmptyNow = new(true, 0, LongBefore);

    private static int[] Set(Bitfield bits) => [.. Enumerable.Range(0, bits.Length).Where(i => bits[i])];

    [Fact]
    public void Plan_NoResumeDataAndNoFiles_NothingTrustedNothingToCheck()
    {
        var plan = ResumePlanner.Plan(Layout, null, [new(false, 0, 0), new(false, 0, 0), new(false, 0, 0)]);

        Assert.Equal(0, plan.Trusted.Count);
        Assert.Empty(plan.ToCheck);
        Assert.Null(plan.Unusable);
    }

    [Fact]
    public void Plan_NoResumeDataButFilesOnDisk_ChecksEveryPieceOfThem()
    {
        var size = (2L * PieceLength) + 8_192;
        var plan = ResumePlanner.Plan(Layout, null, [Now(size, LongBefore), new(false, 0, 0), EmptyNow]);

        // Piece 2 touches b, which is missing: it cannot verify.
        Assert.Equal([0, 1], plan.ToCheck);
    }

    [Fact]
    public void Plan_CleanStopAndUnchangedFiles_TrustsTheBitfieldAndChecksNothing()
    {
        var size = (2L * PieceLength) + 8_192;
        var saved = Document(true, [0, 2, 4], Then(size, LongBefore), Then(size, LongBefore), EmptyThen);

        var plan = ResumePlanner.Plan(Layout, saved, [Now(size, LongBefore), Now(size, LongBefore), EmptyNow]);

        Assert.Equal([0, 2, 4], Set(plan.Trusted));
        Assert.Empty(plan.ToCheck);
        Assert.True(plan.CleanStop);
        Assert.Equal(0, plan.ChangedFiles);
    }

    [Fact]
    public void Plan_OneFileWrittenAfterTheSave_ChecksEveryPieceOfThatFileAndTrustsTheOthers()
    {
        var size = (2L * PieceLength) + 8_192;
        var saved = Document(false, [0, 1, 2, 4], Then(size, LongBefore), Then(size, LongBefore), EmptyThen);

        var plan = ResumePlanner.Plan(Layout, saved, [Now(size, LongBefore), Now(size, Saved + 1_000), EmptyNow]);

        Assert.Equal([0, 1], Set(plan.Trusted));
        Assert.Equal([2, 3, 4], plan.ToCheck);
        Assert.Equal(1, plan.ChangedFiles);
        Assert.False(plan.CleanStop);
    }

    [Fact]
    public void Plan_UncleanStopWithAFileWrittenJustBeforeTheSave_DoubtsItDespiteTheSameTime()
    {
        var size = (2L * PieceLength) + 8_192;
        var recent = Saved - TimeSpan.FromMilliseconds(300).Ticks;
        var unclean = Document(false, [0, 3], Then(size, recent), Then(size, LongBefore), EmptyThen);
        var clean = Document(true, [0, 3], Then(size, recent), Then(size, LongBefore), EmptyThen);
        StoredFileState[] now = [Now(size, recent), Now(size, LongBefore), EmptyNow];

        var afterCrash = ResumePlanner.Plan(Layout, unclean, now);
        var afterStop = ResumePlanner.Plan(Layout, clean, now);

        Assert.Equal([3], Set(afterCrash.Trusted));
        Assert.Equal([0, 1, 2], afterCrash.ToCheck);
        Assert.Equal([0, 3], Set(afterStop.Trusted));
        Assert.Empty(afterStop.ToCheck);
    }

    [Fact]
    public void Plan_FileDeletedSinceTheSave_ItsPiecesAreNeitherTrustedNorChecked()
    {
        var size = (2L * PieceLength) + 8_192;
        var saved = Document(true, [0, 1, 2, 3, 4], Then(size, LongBefore), Then(size, LongBefore), EmptyThen);

        var plan = ResumePlanner.Plan(Layout, saved, [new(false, 0, 0), Now(size, LongBefore), EmptyNow]);

        Assert.Equal([3, 4], Set(plan.Trusted));
        Assert.Empty(plan.ToCheck);
    }

    [Fact]
    public void Plan_ResumeDataOfAnotherLayout_IsIgnoredWithAReason()
    {
        var size = (2L * PieceLength) + 8_192;
        var saved = Document(true, [0, 1, 2, 3, 4], Then(size, LongBefore), Then(size, LongBefore), EmptyThen);
        saved.PieceCount = 9;

        var plan = ResumePlanner.Plan(Layout, saved, [Now(size, LongBefore), Now(size, LongBefore), EmptyNow]);

        Assert.NotNull(plan.Unusable);
        Assert.Equal(0, plan.Trusted.Count);
        Assert.Equal([0, 1, 2, 3, 4], plan.ToCheck);
    }

    [Fact]
    public void Plan_BitfieldWithASpareBitSet_IsIgnored()
    {
        var size = (2L * PieceLength) + 8_192;
        var saved = Document(true, [], Then(size, LongBefore), Then(size, LongBefore), EmptyThen);
        saved.Verified = [0xFF];

        var plan = ResumePlanner.Plan(Layout, saved, [Now(size, LongBefore), Now(size, LongBefore), EmptyNow]);

        Assert.NotNull(plan.Unusable);
        Assert.Equal(0, plan.Trusted.Count);
    }
}
