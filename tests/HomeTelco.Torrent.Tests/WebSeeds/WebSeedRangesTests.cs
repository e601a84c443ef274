using HomeTelco.Torrent.Storage;
using HomeTelco.Torrent.WebSeeds;

namespace HomeTelco.Torrent.Tests.WebSeeds;

public sealed class WebSeedRangesTests
{
    private const int Piece = 32 * 1024;

    [Fact]
    public void A_piece_inside_one_file_is_one_range()
    {
        var layout = new TorrentLayout(Piece, [new TorrentFileSpan("t/a", 100_000, 0)]);

        var ranges = Map(layout, Piece, Piece);

        Assert.Equal([new WebSeedRange(0, Piece, Piece)], ranges);
    }

    [Fact]
    public void A_piece_across_file_boundaries_becomes_one_range_per_file_and_skips_empty_files()
    {
        var layout = new TorrentLayout(Piece,
        [
            new TorrentFileSpan("t/a", 40_000, 0),
            new TorrentFileSpan("t/empty", 0, 40_000),
            new TorrentFileSpan("t/b", 10_000, 40_000),
            new TorrentFileSpan("t/c", 50_000, 50_000),
        ]);

        var ranges = Map(layout, Piece, Piece);

        Assert.Equal(
            [new WebSeedRange(0, Piece, 40_000 - Piece), new WebSeedRange(2, 0, 10_000), new WebSeedRange(3, 0, (2 * Piece) - 50_000)],
            ranges);
        Assert.Equal(Piece, ranges.Sum(r => r.Length));
    }

    [Fact]
    public void Padding_files_are_zeros_and_never_asked_of_the_server()
    {
        var layout = new TorrentLayout(Piece,
        [
            new TorrentFileSpan("t/a", 20_000, 0),
            new TorrentFileSpan("t/.pad/12768", Piece - 20_000, 20_000, IsPadding: true),
            new TorrentFileSpan("t/b", 5_000, Piece),
        ]);

        var ranges = Map(layout, 0, Piece + 5_000);

        Assert.Equal([new WebSeedRange(0, 0, 20_000), new WebSeedRange(-1, 0, Piece - 20_000), new WebSeedRange(2, 0, 5_000)], ranges);
        Assert.True(ranges[1].IsZeros);
    }

    [Fact]
    public void Gaps_between_files_are_zeros()
    {
        // v2 places each file at a piece boundary.
        var layout = new TorrentLayout(Piece, [new TorrentFileSpan("t/a", 1_000, 0), new TorrentFileSpan("t/b", 1_000, Piece)]);

        var ranges = Map(layout, 0, Piece + 1_000);

        Assert.Equal([new WebSeedRange(0, 0, 1_000), new WebSeedRange(-1, 0, Piece - 1_000), new WebSeedRange(1, 0, 1_000)], ranges);
    }

    [Fact]
    public void Bytes_outside_the_torrent_are_refused()
    {
        var layout = new TorrentLayout(Piece, [new TorrentFileSpan("a", 1_000, 0)]);

        Assert.Throws<ArgumentOutOfRangeException>(() => Map(layout, 500, 501));
        Assert.Throws<ArgumentOutOfRangeException>(() => Map(layout, -1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => Map(layout, 0, 0));
    }

    [Fact]
    public void The_range_header_names_inclusive_ends()
    {
        Assert.Equal("bytes=100-199", new WebSeedRange(0, 100, 100).HeaderValue);
    }

    private static List<WebSeedRange> Map(TorrentLayout layout, long start, long length)
    {
        var ranges = new List<WebSeedRange>();
        WebSeedRanges.Map(layout, start, length, ranges);
        return ranges;
    }
}
