using HomeTelco.Media.Catalog;
using HomeTelco.Tests.Media;

namespace HomeTelco.Media.Tests.Catalog;

/// <summary>The catalog over a real LiteDB file: library checks, writes after removal, path safety.</summary>
public sealed class MediaCatalogTests
{
    [Fact]
    public void ApplyScan_AfterTheLibraryWasRemoved_WritesNothing()
    {
        using var root = new TempFolder();
        using var box = new ScanHarness();
        var id = box.AddLibrary(root.Path);
        box.Libraries.Remove(id);

        box.Catalog.ApplyScan([new MediaItem { LibraryId = id, RelativePath = "a.mp3", PathKey = $"{id}:a.mp3", Title = "a" }], []);

        Assert.Equal(0, box.Catalog.ItemCount());
    }

    [Fact]
    public void ResolveFile_StoredPathClimbingOut_Refused()
    {
        using var root = new TempFolder();
        using var box = new ScanHarness();
        var id = box.AddLibrary(root.Path);
        File.WriteAllText(root.File("ok.mp3"), "x");
        box.Catalog.ApplyScan(
        [
            new MediaItem { LibraryId = id, RelativePath = "ok.mp3", PathKey = $"{id}:ok.mp3", Title = "ok" },
            new MediaItem { LibraryId = id, RelativePath = "../../../../etc/passwd", PathKey = $"{id}:up", Title = "up" },
            new MediaItem { LibraryId = id, RelativePath = "/etc/passwd", PathKey = $"{id}:rooted", Title = "rooted" },
        ], []);

        var items = box.Catalog.ItemsOf(id).ToDictionary(i => i.Title);

        Assert.NotNull(box.Catalog.ResolveFile(items["ok"]));
        Assert.Null(box.Catalog.ResolveFile(items["up"]));
        Assert.Null(box.Catalog.ResolveFile(items["rooted"]));
    }

    [Fact]
    public void Create_Checks_PathKindNameAndDataFolder()
    {
        using var root = new TempFolder();
        using var box = new ScanHarness();

        Assert.Throws<HomeTelco.Core.BoxRequestException>(() => box.Libraries.Create("x", "music", "relative"));
        Assert.Throws<HomeTelco.Core.BoxRequestException>(() => box.Libraries.Create("x", "music", root.Path + "/missing"));
        Assert.Throws<HomeTelco.Core.BoxRequestException>(() => box.Libraries.Create("x", "films", root.Path));
        Assert.Throws<HomeTelco.Core.BoxRequestException>(() => box.Libraries.Create("x", "7", root.Path));
        Assert.Throws<HomeTelco.Core.BoxRequestException>(() => box.Libraries.Create("", "music", root.Path));
        Assert.Throws<HomeTelco.Core.BoxRequestException>(() => box.Libraries.Create("x", "music", box.Paths.DataDir));
        Assert.Throws<HomeTelco.Core.BoxRequestException>(() => box.Libraries.Create("x", "music", "/"));
        var created = box.Libraries.Create("Music", "MUSIC", root.Path + "/");
        Assert.Equal(root.Path, created.Path);
        var twice = Assert.Throws<HomeTelco.Core.BoxRequestException>(() => box.Libraries.Create("Again", "music", root.Path));
        Assert.True(twice.IsConflict);
    }

    [Fact]
    public void RealPath_ResolvesLinksAndLoops()
    {
        using var root = new TempFolder();
        Directory.CreateDirectory(root.File("a/b"));
        Directory.CreateSymbolicLink(root.File("link"), root.File("a/b"));
        File.CreateSymbolicLink(root.File("loop1"), root.File("loop2"));
        File.CreateSymbolicLink(root.File("loop2"), root.File("loop1"));
        var real = RealPath.Resolve(root.Path)!;

        Assert.Equal(Path.Combine(real, "a/b/f.mp3"), RealPath.Resolve(root.File("link/f.mp3")));
        Assert.Equal(Path.Combine(real, "a"), RealPath.Resolve(root.File("link/..")));
        Assert.Null(RealPath.Resolve(root.File("loop1")));
        Assert.True(RealPath.IsInside(Path.Combine(real, "a"), real));
        Assert.False(RealPath.IsInside(real + "-other/x", real));
    }
}
