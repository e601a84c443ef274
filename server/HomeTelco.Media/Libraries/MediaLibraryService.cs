using System.Collections.Concurrent;
using System.Threading.Channels;
using HomeTelco.Core;
using HomeTelco.Media.Artwork;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Scanning;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Libraries;

/// <summary>
/// What admins do with libraries: add one (checked), remove one (items forgotten, files untouched),
/// ask for a rescan; and what everyone sees: each library with its scan progress. Scans themselves
/// run one at a time in <see cref="MediaEngine"/>, fed from this service's queue.
/// </summary>
public sealed class MediaLibraryService
{
    /// <summary>Most libraries a box holds; each has a watcher and a queue slot.</summary>
    public const int MaxLibraries = 64;

    private readonly MediaCatalog _catalog;
    private readonly BoxPaths _paths;
    private readonly ArtworkStore _artwork;
    private readonly TimeProvider _time;
    private readonly ILogger<MediaLibraryService> _logger;
    private readonly ConcurrentDictionary<int, ScanProgress> _progress = new();
    private readonly Channel<int> _queue = Channel.CreateBounded<int>(new BoundedChannelOptions(MaxLibraries * 2) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _libraryLock = new();

    internal MediaLibraryService(MediaCatalog catalog, BoxPaths paths, ArtworkStore artwork, TimeProvider time, ILogger<MediaLibraryService> logger)
    {
        _catalog = catalog;
        _paths = paths;
        _artwork = artwork;
        _time = time;
        _logger = logger;
    }

    /// <summary>Raised when a library was added or removed (the engine adjusts its watchers).</summary>
    internal event Action? LibrariesChanged;

    internal ChannelReader<int> Queue => _queue.Reader;

    public IReadOnlyList<LibraryView> List(IReadOnlySet<int>? visible = null) =>
        _catalog.Libraries().Where(l => visible is null || visible.Contains(l.Id)).Select(View).ToList();

    public LibraryView? Find(int id) => _catalog.FindLibrary(id) is { } library ? View(library) : null;

    /// <summary>Checks and adds a library, then queues its first scan.</summary>
    public LibraryView Create(string? name, string? kind, string? path)
    {
        var cleanName = (name ?? "").Trim();
        if (cleanName.Length is 0 or > 80)
        {
            throw new BoxRequestException("A library needs a name of 1 to 80 characters.");
        }

        if (!Enum.TryParse<MediaLibraryKind>(kind, ignoreCase: true, out var parsedKind) || !Enum.IsDefined(parsedKind) || int.TryParse(kind, out _))
        {
            throw new BoxRequestException($"The kind '{kind}' is not one of: {string.Join(", ", Enum.GetNames<MediaLibraryKind>().Select(n => n.ToLowerInvariant()))}.");
        }

        var root = CheckFolder(path);
        MediaLibrary library;
        lock (_libraryLock)
        {
            if (_catalog.Libraries().Count >= MaxLibraries)
            {
                throw new BoxRequestException($"The box holds at most {MaxLibraries} libraries.") { IsConflict = true };
            }

            library = _catalog.AddLibrary(new MediaLibrary
            {
                Name = cleanName,
                Kind = parsedKind,
                Path = root,
                PathKey = OperatingSystem.IsWindows() ? root.ToUpperInvariant() : root,
                CreatedAt = _time.GetUtcNow(),
            });
        }

        Log.LibraryAdded(_logger, library.Id, library.Name, library.Path);
        LibrariesChanged?.Invoke();
        Rescan(library.Id);
        return View(library);
    }

    /// <summary>Forgets the library and its items (and their artwork); the files stay where they are.</summary>
    public void Remove(int id)
    {
        var items = _catalog.ItemsOf(id);
        if (!_catalog.RemoveLibrary(id))
        {
            throw new BoxRequestException($"There is no library {id}.") { IsNotFound = true };
        }

        foreach (var item in items)
        {
            _artwork.Delete(item.ArtworkFile);
        }

        _progress.TryRemove(id, out _);
        Log.LibraryRemoved(_logger, id, items.Count);
        LibrariesChanged?.Invoke();
    }

    /// <summary>Queues a scan of the library unless one is already waiting.</summary>
    public LibraryView Rescan(int id)
    {
        var library = _catalog.FindLibrary(id) ?? throw new BoxRequestException($"There is no library {id}.") { IsNotFound = true };
        var current = Progress(id);
        if (current.State != ScanState.Queued)
        {
            _progress[id] = current with { State = ScanState.Queued };
            _queue.Writer.TryWrite(id);
        }

        return View(library);
    }

    /// <summary>The scan progress of one library (idle when never scanned since start).</summary>
    public ScanProgress Progress(int id) => _progress.TryGetValue(id, out var p) ? p : ScanProgress.Initial;

    /// <summary>True while any library is queued or being scanned.</summary>
    public bool AnyScanning => _progress.Values.Any(p => p.State is ScanState.Queued or ScanState.Scanning);

    internal void Report(int id, ScanProgress progress)
    {
        if (_catalog.FindLibrary(id) is not null || progress.State != ScanState.Scanning)
        {
            _progress[id] = progress;
        }
    }

    private LibraryView View(MediaLibrary library)
    {
        var scan = Progress(library.Id);
        if (library.Offline && scan.State == ScanState.Idle)
        {
            scan = scan with { State = ScanState.Offline };
        }

        return new LibraryView(library.Id, library.Name, library.Kind, library.Path, library.Offline, library.LastScanAt, _catalog.ItemCount(library.Id), scan);
    }

    /// <summary>Absolute, existing, a directory, and neither inside the box's data folder nor holding it.</summary>
    private string CheckFolder(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal))
        {
            throw new BoxRequestException("A library needs the path of a folder on the box.");
        }

        if (!Path.IsPathFullyQualified(path))
        {
            throw new BoxRequestException($"The path '{path}' is not absolute; give the full path of the folder, e.g. /srv/media/music.");
        }

        if (File.Exists(path))
        {
            throw new BoxRequestException($"The path '{path}' is a file, not a folder.");
        }

        if (!Directory.Exists(path))
        {
            throw new BoxRequestException($"The folder '{path}' does not exist (or the box's user may not enter it).");
        }

        var root = RealPath.Resolve(path) ?? throw new BoxRequestException($"The folder '{path}' cannot be resolved (a link loop?).");
        var data = RealPath.Resolve(_paths.DataDir) ?? _paths.DataDir;
        if (root == data || RealPath.IsInside(root, data))
        {
            throw new BoxRequestException($"The folder '{path}' is inside the box's data folder; media must live elsewhere.");
        }

        if (RealPath.IsInside(data, root))
        {
            throw new BoxRequestException($"The folder '{path}' holds the box's data folder; pick a folder of media only.");
        }

        return root;
    }
}
