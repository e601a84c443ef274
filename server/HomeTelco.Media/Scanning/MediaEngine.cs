using HomeTelco.Core.Profiles;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Libraries;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Scanning;

/// <summary>
/// The library side of the media engine: scans every library at start, then whatever the queue
/// asks for (API rescans, watchers), one library at a time; a watcher per library; and a periodic
/// check that notices a folder vanishing or coming back (a USB disk), which inotify cannot.
/// </summary>
internal sealed class MediaEngine(
    MediaCatalog catalog,
    MediaLibraryService libraries,
    LibraryScanner scanner,
    ProfileService profiles,
    TimeProvider time,
    ILogger<MediaEngine> logger) : BackgroundService
{
    /// <summary>How often library folders are checked for vanishing or returning.</summary>
    public static readonly TimeSpan PresenceCheck = TimeSpan.FromMinutes(1);

    private readonly Dictionary<int, LibraryWatcher> _watchers = [];
    private readonly Lock _watchersLock = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        libraries.LibrariesChanged += SyncWatchers;
        try
        {
            SyncWatchers();
            foreach (var library in catalog.Libraries())
            {
                libraries.Rescan(library.Id);
            }

            var presence = PresenceLoopAsync(stoppingToken);
            try
            {
                await foreach (var id in libraries.Queue.ReadAllAsync(stoppingToken).ConfigureAwait(false))
                {
                    await ScanAsync(id, stoppingToken).ConfigureAwait(false);
                }
            }
            finally
            {
                await presence.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            libraries.LibrariesChanged -= SyncWatchers;
            lock (_watchersLock)
            {
                foreach (var watcher in _watchers.Values)
                {
                    watcher.Dispose();
                }

                _watchers.Clear();
            }
        }
    }

    private async Task ScanAsync(int id, CancellationToken stoppingToken)
    {
        var library = catalog.FindLibrary(id);
        if (library is null)
        {
            return;
        }

        var wasOffline = library.Offline;
        try
        {
            var parallelism = Math.Max(1, profiles.Active.Profile.ScanParallelism);
            var result = await scanner.ScanAsync(library, parallelism, p => libraries.Report(id, p), stoppingToken).ConfigureAwait(false);
            libraries.Report(id, result);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // One library's failure (a disk error mid-walk) must not stop the scanner for the others.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.ScanFailed(logger, id, ex);
            libraries.Report(id, libraries.Progress(id) with { State = ScanState.Idle, Message = "The scan failed: " + ex.Message });
        }

        if (wasOffline != library.Offline)
        {
            SyncWatchers();
        }
    }

    private async Task PresenceLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(PresenceCheck, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                foreach (var library in catalog.Libraries())
                {
                    if (Directory.Exists(library.Path) == library.Offline)
                    {
                        libraries.Rescan(library.Id);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>One watcher per present library; none for removed or offline ones.</summary>
    private void SyncWatchers()
    {
        var present = catalog.Libraries().Where(l => !l.Offline && Directory.Exists(l.Path)).ToDictionary(l => l.Id);
        lock (_watchersLock)
        {
            foreach (var id in _watchers.Keys.Where(id => !present.ContainsKey(id)).ToList())
            {
                _watchers[id].Dispose();
                _watchers.Remove(id);
            }

            foreach (var (id, library) in present)
            {
                if (!_watchers.ContainsKey(id))
                {
                    _watchers[id] = new LibraryWatcher(id, library.Path, Rescan, time, logger);
                }
            }
        }
    }

    private void Rescan(int id)
    {
        if (catalog.FindLibrary(id) is not null)
        {
            libraries.Rescan(id);
        }
    }
}
