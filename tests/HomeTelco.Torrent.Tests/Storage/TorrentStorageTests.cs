using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Tests.Storage;

public sealed class TorrentStorageTests
{
    private const int PieceLength = 32 * 1024;

    [Fact]
    public void Write_EveryPieceOfAMultiFileTorrent_FilesHoldTheOriginalBytesAndPaddingIsNeverCreated()
    {
        using var folder = new TempFolder();
        var torrent = SyntheticTorrent.Make(PieceLength, 1, ("a.bin", 10_000), (".pad/22768", -(PieceLength - 10_000)), ("dir/b.bin", 50_000), ("dir/sub/c.bin", 3));
        using var storage = new TorrentStorage(torrent.Layout, folder.Path);

        // Out of order, as a swarm delivers.
        foreach (var piece in Enumerable.Range(0, torrent.Layout.PieceCount).Reverse())
        {
            storage.Write(piece, 0, torrent.Piece(piece).Span);
        }

        Assert.Equal(torrent.FileBytes(0), File.ReadAllBytes(folder.File("a.bin")));
        Assert.Equal(torrent.FileBytes(2), File.ReadAllBytes(Path.Combine(folder.Path, "dir", "b.bin")));
        Assert.Equal(torrent.FileBytes(3), File.ReadAllBytes(Path.Combine(folder.Path, "dir", "sub", "c.bin")));
        Assert.False(Directory.Exists(folder.File(".pad")));

        var read = new byte[torrent.Layout.PieceSize(0)];
        Assert.True(storage.TryRead(0, 0, read));
        Assert.Equal(torrent.Piece(0).ToArray(), read);
    }

    [Fact]
    public void Write_FirstBlockOfABigFile_MakesItFullSizeAndSparse()
    {
        using var folder = new TempFolder();
        var torrent = SyntheticTorrent.Make(PieceLength, 2, ("big.bin", 64L * PieceLength));
        using var storage = new TorrentStorage(torrent.Layout, folder.Path);

        storage.Write(63, 0, torrent.Block(63, 0).Span);

        var info = new FileInfo(folder.File("big.bin"));
        Assert.Equal(64L * PieceLength, info.Length);
        var allocated = long.Parse(Metainfo.ExternalTool.Run("stat", ["-c", "%b", info.FullName]).Trim(), System.Globalization.CultureInfo.InvariantCulture) * 512;
        Assert.True(allocated < 16L * PieceLength, $"{allocated} bytes allocated for one written block: not sparse");
    }

    [Fact]
    public void CreateEmptyFiles_ZeroLengthFiles_ExistAfterwards()
    {
        using var folder = new TempFolder();
        var torrent = SyntheticTorrent.Make(PieceLength, 3, ("a.bin", 100), ("empty/none.txt", 0));
        using var storage = new TorrentStorage(torrent.Layout, folder.Path);

        storage.CreateEmptyFiles();

        Assert.Equal(0, new FileInfo(Path.Combine(folder.Path, "empty", "none.txt")).Length);
        Assert.False(File.Exists(folder.File("a.bin")));
    }

    [Fact]
    public void TryRead_FileNeverWritten_IsFalseAndCreatesNothing()
    {
        using var folder = new TempFolder();
        var torrent = SyntheticTorrent.Make(PieceLength, 4, ("a.bin", 100));
        using var storage = new TorrentStorage(torrent.Layout, folder.Path);

        Assert.False(storage.TryRead(0, 0, new byte[100]));
        Assert.False(File.Exists(folder.File("a.bin")));
    }

    [Theory]
    [InlineData("../escape.bin")]
    [InlineData("a/../../escape.bin")]
    [InlineData("/etc/passwd")]
    [InlineData("a//b")]
    [InlineData("./a")]
    [InlineData("")]
    public void Constructor_PathLeavingTheFolder_IsRefused(string path)
    {
        using var folder = new TempFolder();
        var layout = new TorrentLayout(PieceLength, [new TorrentFileSpan(path, 10, 0)]);

        Assert.Throws<TorrentPathException>(() => new TorrentStorage(layout, Path.Combine(folder.Path, "t")));
    }

    [Fact]
    public void Write_ThroughASymlinkLeadingOut_IsRefusedAndNothingLandsOutside()
    {
        using var folder = new TempFolder();
        var outside = Directory.CreateDirectory(folder.File("outside")).FullName;
        var root = Directory.CreateDirectory(folder.File("torrent")).FullName;
        Directory.CreateSymbolicLink(Path.Combine(root, "link"), outside);
        var torrent = SyntheticTorrent.Make(PieceLength, 5, ("link/victim.bin", 100));
        using var storage = new TorrentStorage(torrent.Layout, root);

        Assert.Throws<TorrentPathException>(() => storage.Write(0, 0, torrent.Piece(0).Span));
        Assert.Throws<TorrentPathException>(() => storage.TryRead(0, 0, new byte[100]));
        Assert.Empty(Directory.EnumerateFileSystemEntries(outside));
    }

    [Fact]
    public void Write_FileItselfASymlinkLeadingOut_IsRefused()
    {
        using var folder = new TempFolder();
        var target = folder.File("secret.txt");
        File.WriteAllText(target, "keep");
        var root = Directory.CreateDirectory(folder.File("torrent")).FullName;
        File.CreateSymbolicLink(Path.Combine(root, "a.bin"), target);
        var torrent = SyntheticTorrent.Make(PieceLength, 6, ("a.bin", 100));
        using var storage = new TorrentStorage(torrent.Layout, root);

        Assert.Throws<TorrentPathException>(() => storage.Write(0, 0, torrent.Piece(0).Span));
        Assert.Equal("keep", File.ReadAllText(target));
    }

    [Fact]
    public void Write_ThroughASymlinkStayingInside_IsAllowed()
    {
        using var folder = new TempFolder();
        var root = Directory.CreateDirectory(folder.File("torrent")).FullName;
        Directory.CreateDirectory(Path.Combine(root, "real"));
        Directory.CreateSymbolicLink(Path.Combine(root, "alias"), Path.Combine(root, "real"));
        var torrent = SyntheticTorrent.Make(PieceLength, 7, ("alias/a.bin", 100));
        using var storage = new TorrentStorage(torrent.Layout, root);

        storage.Write(0, 0, torrent.Piece(0).Span);

        Assert.Equal(torrent.FileBytes(0), File.ReadAllBytes(Path.Combine(root, "real", "a.bin")));
    }

    [Fact]
    public void Write_ManyFilesWithASmallHandleCache_NeverHoldsMoreThanItsCapacity()
    {
        using var folder = new TempFolder();
        var files = Enumerable.Range(0, 12).Select(i => ($"f{i:D2}.bin", (long)PieceLength)).ToArray();
        var torrent = SyntheticTorrent.Make(PieceLength, 8, files);
        using var storage = new TorrentStorage(torrent.Layout, folder.Path, maxOpenFiles: 3);

        for (var round = 0; round < 2; round++)
        {
            for (var piece = 0; piece < 12; piece++)
            {
                storage.Write(piece, 0, torrent.Piece(piece).Span);
                Assert.True(storage.OpenFileCount <= 3, $"{storage.OpenFileCount} handles open");
            }
        }

        // Writing the same file twice in a row reuses its handle.
        var opened = storage.FilesOpenedTotal;
        storage.Write(11, 0, torrent.Piece(11).Span);
        Assert.Equal(opened, storage.FilesOpenedTotal);
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(torrent.FileBytes(i), File.ReadAllBytes(folder.File($"f{i:D2}.bin")));
        }
    }
}
