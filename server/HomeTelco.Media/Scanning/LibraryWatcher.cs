using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Scanning;

/// <summary>
/// Follows one library folder with a FileSystemWatcher and asks for a rescan once changes have
/// been quiet for <see cref="Quiet"/>: a copy of an album is hundreds of events, and one scan.
/// </summary>
internal sealed class LibraryWatcher : IDisposable
{
    /// <summary>How long events must stop before a rescan is asked for.</summary>
    public static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    private readonly FileSystemWatcher? _watcher;
    private readonly ITimer _debounce;

    public LibraryWatcher(int libraryId, string root, Action<int> rescan, TimeProvider time, ILogger logger)
    {
        LibraryId = libraryId;
        _debounce = time.CreateTimer(_ => rescan(libraryId), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        try
        {
            _watcher = new FileSystemWatcher(root)
            {
                IncludeSubdirectories = true,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
                // Bigger than the 8 KiB default so a burst (an album copied in) is not lost; still small.
                InternalBufferSize = 64 * 1024,
            };
            _watcher.Created += (_, _) => Touch();
            _watcher.Changed += (_, _) => Touch();
            _watcher.Deleted += (_, _) => Touch();
            _watcher.Renamed += (_, _) => Touch();
            // An overflow or the root going away: rescan, which will see what happened.
            _watcher.Error += (_, e) =>
            {
                Log.WatcherFailed(logger, libraryId, e.GetException());
                Touch();
            };
            _watcher.EnableRaisingEvents = true;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or PlatformNotSupportedException)
        {
            // The folder is missing (offline) or inotify watches ran out: the periodic check still runs.
            _watcher?.Dispose();
            _watcher = null;
            Log.WatcherFailed(logger, libraryId, ex);
        }
    }

    public int LibraryId { get; }

    /// <summary>True when the watcher is running (false for an offline folder).</summary>
    public bool Active => _watcher is not null;

    private void Touch() => _debounce.Change(Quiet, Timeout.InfiniteTimeSpan);

    public void Dispose()
    {
        _watcher?.Dispose();
        _debounce.Dispose();
    }
}
