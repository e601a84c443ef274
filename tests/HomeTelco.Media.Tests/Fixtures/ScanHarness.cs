using HomeTelco.Core;
using HomeTelco.Core.Store;
using HomeTelco.Media.Artwork;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Libraries;
using HomeTelco.Media.Scanning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Tests.Media;

/// <summary>The library side of the media engine over a real LiteDB file in a temp data folder and the real ffprobe/ffmpeg.</summary>
internal sealed class ScanHarness : IDisposable
{
    private readonly TempFolder _data = new();

    public ScanHarness()
    {
        Paths = new BoxPaths(_data.Path);
        Store = HomeStore.Open(Paths.DataDir);
        Catalog = new MediaCatalog(Store);
        Prober = new MediaProber(MediaToolPaths.Default);
        Artwork = new ArtworkStore(Paths, MediaToolPaths.Default);
        Libraries = new MediaLibraryService(Catalog, Paths, Artwork, Time, NullLogger<MediaLibraryService>.Instance);
        Scanner = new LibraryScanner(Catalog, Prober, Artwork, Time, NullLogger<LibraryScanner>.Instance);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero));

    public BoxPaths Paths { get; }

    public HomeStore Store { get; }

    public MediaCatalog Catalog { get; }

    public MediaProber Prober { get; }

    public ArtworkStore Artwork { get; }

    public MediaLibraryService Libraries { get; }

    public LibraryScanner Scanner { get; }

    public int AddLibrary(string root, string kind = "downloads") => Libraries.Create("Test", kind, root).Id;

    /// <summary>Runs one scan of the library to its end (two probes at a time, as a small profile would).</summary>
    public Task<ScanProgress> ScanAsync(int libraryId) =>
        Scanner.ScanAsync(Catalog.FindLibrary(libraryId)!, 2, _ => { }, CancellationToken.None);

    public MediaItem Item(int libraryId, string relativePath) =>
        Catalog.ItemsOf(libraryId).Single(i => i.RelativePath == relativePath);

    public void Dispose()
    {
        Store.Dispose();
        _data.Dispose();
    }
}
