using System.Diagnostics;
using HomeTelco.Media.Artwork;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Libraries;
using HomeTelco.Media.Metadata;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Scanning;

/// <summary>
/// Scans one library: walks it, probes only new or changed files (size or modification time differ)
/// in parallel, makes their artwork, and writes the results in batches. An unchanged file is never
/// probed again; a vanished root marks the library offline and keeps every item.
/// </summary>
internal sealed class LibraryScanner(MediaCatalog catalog, MediaProber prober, ArtworkStore artwork, TimeProvider time, ILogger logger)
{
    /// <summary>Most media files one library may hold; more are left unscanned with a message.</summary>
    public const int MaxFilesPerLibrary = 200_000;

    private const int BatchSize = 64;
    private const int ReportEvery = 256;
    private long _scansCompleted;

    /// <summary>Scans finished (including those that found the folder offline) since start.</summary>
    public long ScansCompleted => Interlocked.Read(ref _scansCompleted);

    public async Task<ScanProgress> ScanAsync(MediaLibrary library, int parallelism, Action<ScanProgress> report, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (!Directory.Exists(library.Path))
        {
            if (!library.Offline)
            {
                library.Offline = true;
                catalog.UpdateLibrary(library);
                Log.LibraryOffline(logger, library.Id, library.Name, library.Path);
            }

            Interlocked.Increment(ref _scansCompleted);
            return new ScanProgress(ScanState.Offline, 0, 0, 0, catalog.ItemCount(library.Id), 0, $"The folder {library.Path} is missing; its items are kept until it returns.");
        }

        if (library.Offline)
        {
            library.Offline = false;
            catalog.UpdateLibrary(library);
            Log.LibraryOnline(logger, library.Id, library.Name);
        }

        report(new ScanProgress(ScanState.Scanning, 0, 0, 0, 0, 0, null));
        bool truncated = false;
        var found = await Task.Run(
            () => LibraryWalker.Walk(
                library.Path,
                MaxFilesPerLibrary,
                count =>
                {
                    if (count % ReportEvery == 0)
                    {
                        report(new ScanProgress(ScanState.Scanning, count, 0, 0, 0, 0, null));
                    }
                },
                out truncated,
                cancellationToken),
            cancellationToken).ConfigureAwait(false);

        // The root vanished during the walk: treat it as offline rather than as "every file deleted".
        if (!Directory.Exists(library.Path))
        {
            return await ScanAsync(library, parallelism, report, cancellationToken).ConfigureAwait(false);
        }

        var existing = catalog.ItemsOf(library.Id).ToDictionary(i => i.RelativePath, StringComparer.Ordinal);
        var toProbe = new List<(FoundFile File, MediaItem? Known)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in found)
        {
            seen.Add(file.RelativePath);
            existing.TryGetValue(file.RelativePath, out var known);
            if (known is null || known.Size != file.Size || known.ModifiedTicks != file.ModifiedTicks)
            {
                toProbe.Add((file, known));
            }
        }

        var removed = truncated ? [] : existing.Values.Where(i => !seen.Contains(i.RelativePath)).ToList();
        var probed = 0;
        report(new ScanProgress(ScanState.Scanning, found.Count, toProbe.Count, 0, 0, 0, null));

        var batch = new List<MediaItem>(BatchSize);
        var batchLock = new Lock();
        await Parallel.ForEachAsync(
            toProbe,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism), CancellationToken = cancellationToken },
            async (entry, token) =>
            {
                var item = await ProbeOneAsync(library, entry.File, entry.Known, token).ConfigureAwait(false);
                List<MediaItem>? full = null;
                lock (batchLock)
                {
                    if (item is not null)
                    {
                        batch.Add(item);
                    }

                    probed++;
                    if (batch.Count >= BatchSize)
                    {
                        full = [.. batch];
                        batch.Clear();
                    }

                    report(new ScanProgress(ScanState.Scanning, found.Count, toProbe.Count, probed, 0, 0, null));
                    if (full is not null)
                    {
                        catalog.ApplyScan(full, []);
                    }
                }
            }).ConfigureAwait(false);

        catalog.ApplyScan(batch, removed.Select(i => i.Id).ToList());
        foreach (var gone in removed)
        {
            artwork.Delete(gone.ArtworkFile);
        }

        library.LastScanAt = time.GetUtcNow();
        catalog.UpdateLibrary(library);
        string? message = null;
        if (truncated)
        {
            Log.LibraryTruncated(logger, library.Id, MaxFilesPerLibrary);
            message = $"The library has more than {MaxFilesPerLibrary} media files; the rest were not scanned.";
        }

        var seconds = clock.Elapsed.TotalSeconds;
        Interlocked.Increment(ref _scansCompleted);
        Log.LibraryScanned(logger, library.Id, library.Name, found.Count, toProbe.Count, removed.Count, seconds);
        return new ScanProgress(ScanState.Idle, found.Count, toProbe.Count, probed, found.Count, seconds, message);
    }

    /// <summary>Probes one file and builds its item (keeping the id of a known one); null when the file cannot be read.</summary>
    private async Task<MediaItem?> ProbeOneAsync(MediaLibrary library, FoundFile file, MediaItem? known, CancellationToken cancellationToken)
    {
        if (!CanOpen(file.FullPath))
        {
            return null;
        }

        var probe = await prober.ProbeAsync(file.FullPath, cancellationToken).ConfigureAwait(false);
        var item = known ?? new MediaItem { LibraryId = library.Id, RelativePath = file.RelativePath, AddedAt = time.GetUtcNow() };
        item.PathKey = library.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) + ":" + file.RelativePath;
        item.Size = file.Size;
        item.ModifiedTicks = file.ModifiedTicks;
        MetadataReader.Apply(item, probe, library.Kind);
        if (probe.Problem is not null)
        {
            Log.Unplayable(logger, file.RelativePath, probe.Problem);
            artwork.Delete(item.ArtworkFile);
            item.ArtworkFile = null;
            return item;
        }

        item.ArtworkFile = await artwork.MakeAsync(item, file.FullPath, probe.Cover?.Index, cancellationToken).ConfigureAwait(false);
        return item;
    }

    /// <summary>A file the box's user may not read is skipped, not recorded: it is someone else's.</summary>
    private static bool CanOpen(string path)
    {
        try
        {
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
