using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Tests.Storage;

public sealed class TorrentMoverTests
{
    private static readonly TorrentLayout Layout = new(16 * 1024,
    [
        new TorrentFileSpan("show/a.bin", 10, 0),
        new TorrentFileSpan("show/.pad/16374", 16374, 10, IsPadding: true),
        new TorrentFileSpan("show/sub/b.bin", 20, 16384),
        new TorrentFileSpan("show/sub/skipped.bin", 5, 16404),
    ]);

    [Fact]
    public void Move_MovesEveryStoredFileAndRemovesTheFoldersItLeftEmpty()
    {
        using var folder = new TempFolder();
        var from = folder.File("incomplete");
        var to = folder.File("downloads");
        Write(from, "show/a.bin", "aaaaaaaaaa");
        Write(from, "show/sub/b.bin", "bbbbbbbbbbbbbbbbbbbb");
        Write(from, "unrelated.txt", "not ours");

        TorrentMover.Move(Layout, from, to);

        Assert.Equal("aaaaaaaaaa", File.ReadAllText(Path.Combine(to, "show/a.bin")));
        Assert.Equal("bbbbbbbbbbbbbbbbbbbb", File.ReadAllText(Path.Combine(to, "show/sub/b.bin")));
        Assert.False(Directory.Exists(Path.Combine(from, "show")));
        Assert.True(File.Exists(Path.Combine(from, "unrelated.txt")));
    }

    [Fact]
    public void Move_RunAgainAfterAPartialMove_FinishesIt()
    {
        using var folder = new TempFolder();
        var from = folder.File("incomplete");
        var to = folder.File("downloads");
        Write(to, "show/a.bin", "aaaaaaaaaa");
        Write(from, "show/sub/b.bin", "bbbbbbbbbbbbbbbbbbbb");

        TorrentMover.Move(Layout, from, to);

        Assert.True(File.Exists(Path.Combine(to, "show/a.bin")));
        Assert.True(File.Exists(Path.Combine(to, "show/sub/b.bin")));
        Assert.False(Directory.Exists(Path.Combine(from, "show")));
    }

    [Fact]
    public void Move_AFileOfTheSameNameAtTheTarget_MovesNothingAndOverwritesNothing()
    {
        using var folder = new TempFolder();
        var from = folder.File("incomplete");
        var to = folder.File("downloads");
        Write(from, "show/a.bin", "aaaaaaaaaa");
        Write(from, "show/sub/b.bin", "bbbbbbbbbbbbbbbbbbbb");
        Write(to, "show/sub/b.bin", "someone else's");

        var error = Assert.Throws<IOException>(() => TorrentMover.Move(Layout, from, to));

        Assert.Contains("already exists", error.Message, StringComparison.Ordinal);
        Assert.Equal("someone else's", File.ReadAllText(Path.Combine(to, "show/sub/b.bin")));
        Assert.True(File.Exists(Path.Combine(from, "show/a.bin")));
        Assert.False(File.Exists(Path.Combine(to, "show/a.bin")));
    }

    [Fact]
    public void Move_APathLeavingTheFolder_IsRefused()
    {
        using var folder = new TempFolder();
        var hostile = new TorrentLayout(16 * 1024, [new TorrentFileSpan("../escape.bin", 10, 0)]);

        Assert.Throws<TorrentPathException>(() => TorrentMover.Move(hostile, folder.File("incomplete"), folder.File("downloads")));
    }

    private static void Write(string root, string relative, string text)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }
}
