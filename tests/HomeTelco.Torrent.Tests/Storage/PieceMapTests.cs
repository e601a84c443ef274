using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Tests.Storage;

public sealed class PieceMapTests
{
    private const int Piece = 32 * 1024;

    private static List<FileSlice> Slices(TorrentLayout layout, int piece, int offset, int length)
    {
        var list = new List<FileSlice>();
        foreach (var slice in PieceMap.Slices(layout, piece, offset, length))
        {
            list.Add(slice);
        }

        return list;
    }

    private static TorrentLayout Layout(params TorrentFileSpan[] files) => new(Piece, files);

    [Fact]
    public void Slices_PieceAcrossThreeFiles_RunsInOrderWithBufferOffsets()
    {
        // a: [0, 10000), b: [10000, 20000), c: [20000, 100000)
        var layout = Layout(new("a", 10_000, 0), new("b", 10_000, 10_000), new("c", 80_000, 20_000));
        var slices = Slices(layout, 0, 0, Piece);
        Assert.Equal(
            [new FileSlice(0, 0, 10_000, 0, true), new FileSlice(1, 0, 10_000, 10_000, true), new FileSlice(2, 0, Piece - 20_000, 20_000, true)],
            slices);

        // Block 1 of piece 2 starts at 65536+16384 = 81920 in c, which starts at 20000.
        Assert.Equal([new FileSlice(2, 81_920 - 20_000, 16_384, 0, true)], Slices(layout, 2, 16_384, 16_384));
    }

    [Fact]
    public void Slices_ZeroLengthFilesBetween_AreSkipped()
    {
        var layout = Layout(new("a", 5, 0), new("empty1", 0, 5), new("empty2", 0, 5), new("b", 40_000, 5));
        var slices = Slices(layout, 0, 0, 10);
        Assert.Equal([new FileSlice(0, 0, 5, 0, true), new FileSlice(3, 0, 5, 5, true)], slices);
    }

    [Fact]
    public void Slices_PaddingFile_IsNotStored()
    {
        var layout = Layout(new("a", 1_000, 0), new(".pad/31768", Piece - 1_000, 1_000, IsPadding: true), new("b", 5_000, Piece));
        var slices = Slices(layout, 0, 0, Piece);
        Assert.Equal([new FileSlice(0, 0, 1_000, 0, true), new FileSlice(1, 0, Piece - 1_000, 1_000, false)], slices);
    }

    [Fact]
    public void Slices_GapBeforeAnAlignedFile_IsAnUnstoredRun()
    {
        // v2 puts each file on a piece boundary; without a padding file the gap is simply no file's.
        var layout = Layout(new("a", 1_000, 0), new("b", 5_000, Piece));
        var slices = Slices(layout, 0, 0, Piece);
        Assert.Equal([new FileSlice(0, 0, 1_000, 0, true), new FileSlice(-1, 0, Piece - 1_000, 1_000, false)], slices);
    }

    [Fact]
    public void Slices_LastShortPiece_EndsAtTheEndOfTheLastFile()
    {
        var layout = Layout(new TorrentFileSpan("a", (2 * Piece) + 100, 0));
        Assert.Equal(3, layout.PieceCount);
        Assert.Equal(100, layout.PieceSize(2));
        Assert.Equal([new FileSlice(0, 2L * Piece, 100, 0, true)], Slices(layout, 2, 0, 100));
        Assert.Throws<ArgumentOutOfRangeException>(() => PieceMap.Slices(layout, 2, 0, 101));
        Assert.Throws<ArgumentOutOfRangeException>(() => PieceMap.Slices(layout, 3, 0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PieceMap.Slices(layout, 0, -1, 1));
    }

    [Fact]
    public void PiecesOf_FileInTheMiddle_CoversEveryPieceItTouches()
    {
        var layout = Layout(new("a", 10_000, 0), new("b", Piece * 2, 10_000), new("c", 0, 10_000 + (Piece * 2)), new("d", 1, 10_000 + (Piece * 2)));
        Assert.Equal((0, 0), PieceMap.PiecesOf(layout, 0));
        Assert.Equal((0, 2), PieceMap.PiecesOf(layout, 1));
        var (first, last) = PieceMap.PiecesOf(layout, 2);
        Assert.True(first > last);
        Assert.Equal((2, 2), PieceMap.PiecesOf(layout, 3));
    }
}
