using HomeTelco.Core;
using HomeTelco.Core.Store;
using HomeTelco.Media.Libraries;
using LiteDB;

namespace HomeTelco.Media.Catalog;

/// <summary>
/// Read side of the media library: libraries and items by id, the checked path of an item's file,
/// and the store writes the scanner makes. The one place other engines and the host look items up.
/// </summary>
public sealed class MediaCatalog
{
    /// <summary>Most items one search or listing returns; the portal pages beyond that.</summary>
    public const int MaxResults = 500;

    private readonly ILiteCollection<MediaLibrary> _libraries;
    private readonly ILiteCollection<MediaItem> _items;
    private readonly HomeStore _store;

    public MediaCatalog(HomeStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
        _libraries = store.Collection<MediaLibrary>(Collections.MediaLibraries);
        _items = store.Collection<MediaItem>(Collections.MediaItems);
    }

    /// <summary>Raised after items were added, changed or removed (by a scan or an admin).</summary>
    public event Action? Changed;

    public MediaItem? FindItem(int id) => _items.FindById(id);

    public MediaLibrary? FindLibrary(int id) => _libraries.FindById(id);

    // Sorted here, not by the store: a store-side sort takes an 800 KB buffer for each query, and the presence check
    // asks every minute. LiteDB's default collation is case-insensitive, as this is.
    public IReadOnlyList<MediaLibrary> Libraries() => _libraries.FindAll().OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>Every item of one library (the scanner's view: at most a library's worth of rows).</summary>
    public IReadOnlyList<MediaItem> ItemsOf(int libraryId) => _items.Find(i => i.LibraryId == libraryId).ToList();

    public int ItemCount() => _items.Count();

    public int ItemCount(int libraryId) => _items.Count(i => i.LibraryId == libraryId);

    public int UnplayableCount() => _items.Count(i => i.Kind == MediaItemKind.Unplayable);

    /// <summary>
    /// The item's file when it exists and stays inside its library root once symbolic links are
    /// resolved; null otherwise (library offline or removed, file gone, or a link pointing out).
    /// </summary>
    public MediaFile? ResolveFile(MediaItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var library = FindLibrary(item.LibraryId);
        if (library is null || library.Offline || !IsSafeRelativePath(item.RelativePath))
        {
            return null;
        }

        var root = RealPath.Resolve(library.Path);
        var full = RealPath.Resolve(Path.Join(library.Path, item.RelativePath));
        if (root is null || full is null || !RealPath.IsInside(full, root) || !File.Exists(full))
        {
            return null;
        }

        return new MediaFile(item, full);
    }

    /// <summary>The item by id with its checked file, or null (see <see cref="ResolveFile(MediaItem)"/>).</summary>
    public MediaFile? ResolveFile(int id) => FindItem(id) is { } item ? ResolveFile(item) : null;

    /// <summary>Items whose title, artist, album or series contains <paramref name="query"/>, ignoring case and accents.</summary>
    public IReadOnlyList<MediaItem> Search(string query, IReadOnlySet<int>? libraryIds = null)
    {
        var folded = TextFold.Fold(query?.Trim());
        if (folded.Length == 0)
        {
            return [];
        }

        return _items.Query()
            .Where(i => i.SearchText.Contains(folded))
            .ToEnumerable()
            .Where(i => libraryIds is null || libraryIds.Contains(i.LibraryId))
            .OrderBy(i => i.Title, StringComparer.OrdinalIgnoreCase)
            .Take(MaxResults)
            .ToList();
    }

    /// <summary>Items of one kind across the given libraries (all when null), for a collection page.</summary>
    public IReadOnlyList<MediaItem> ItemsOfKind(MediaItemKind kind, IReadOnlySet<int>? libraryIds = null) =>
        _items.Find(i => i.Kind == kind)
            .Where(i => libraryIds is null || libraryIds.Contains(i.LibraryId))
            .ToList();

    internal MediaLibrary AddLibrary(MediaLibrary library)
    {
        try
        {
            _libraries.Insert(library);
        }
        catch (LiteException ex) when (ex.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            throw new BoxRequestException($"The folder {library.Path} is already a library.", ex) { IsConflict = true };
        }

        return library;
    }

    internal void UpdateLibrary(MediaLibrary library) => _libraries.Update(library);

    /// <summary>Forgets a library and its items; files on disk are never touched.</summary>
    internal bool RemoveLibrary(int id)
    {
        var removed = _store.InTransaction(() =>
        {
            _items.DeleteMany(i => i.LibraryId == id);
            return _libraries.Delete(id);
        });
        if (removed)
        {
            Changed?.Invoke();
        }

        return removed;
    }

    /// <summary>Writes one batch of scan results: inserts new items, updates changed ones, removes vanished ones.</summary>
    internal void ApplyScan(IReadOnlyCollection<MediaItem> upserts, IReadOnlyCollection<int> removals)
    {
        if (upserts.Count == 0 && removals.Count == 0)
        {
            return;
        }

        _store.InTransaction(() =>
        {
            // The library was removed while its scan ran: write nothing, or its items would be orphans.
            if (upserts.Count > 0 && _libraries.FindById(upserts.First().LibraryId) is null)
            {
                return 0;
            }

            foreach (var item in upserts)
            {
                item.SearchText = TextFold.SearchText(item);
                _items.Upsert(item);
            }

            foreach (var id in removals)
            {
                _items.Delete(id);
            }

            return 0;
        });
        Changed?.Invoke();
    }

    /// <summary>Sets (or with null or empty, clears) the rating an admin gave the item.</summary>
    public void SetAdminRating(MediaItem item, string? rating)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.AdminRating = string.IsNullOrWhiteSpace(rating) ? null : rating.Trim();
        _items.Update(item);
        Changed?.Invoke();
    }

    /// <summary>A stored relative path never climbs out or is rooted (a damaged or hand-edited store).</summary>
    private static bool IsSafeRelativePath(string relative) =>
        relative.Length > 0
        && !Path.IsPathRooted(relative)
        && !relative.Split('/').Any(part => part is ".." or "." or "");
}
