using System.Globalization;
using HomeTelco.Core.Engines;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Libraries;
using HomeTelco.Media.Scanning;

namespace HomeTelco.Media;

/// <summary>The Media tile and metrics: libraries, items, scanning, probes and their failures.</summary>
internal sealed class MediaStatusSource(MediaCatalog catalog, MediaLibraryService libraries, MediaProber prober, LibraryScanner scanner) : IEngineStatusSource
{
    public EngineStatus GetStatus()
    {
        var list = libraries.List();
        var offline = list.Count(l => l.Offline);
        var scanning = list.Count(l => l.Scan.State is ScanState.Scanning or ScanState.Queued);
        var state = offline > 0 ? EngineState.Degraded : EngineState.Ready;
        var message = list.Count == 0 ? "No library yet: an admin adds a folder under Media."
            : offline > 0 ? $"{offline} of {list.Count} libraries are offline (folder missing); their items are kept."
            : scanning > 0 ? "Scanning libraries." : "Libraries scanned and followed for changes.";
        return new EngineStatus("media", "Media", state, message,
        [
            new("Libraries", list.Count.ToString(CultureInfo.InvariantCulture)),
            new("Items", catalog.ItemCount().ToString(CultureInfo.InvariantCulture)),
            new("Scanning", scanning.ToString(CultureInfo.InvariantCulture)),
        ]);
    }

    public IEnumerable<EngineMetric> GetMetrics()
    {
        var list = libraries.List();
        yield return new("hometelco_media_libraries", list.Count, "Media libraries.");
        yield return new("hometelco_media_items", catalog.ItemCount(), "Media items in the catalog.");
        yield return new("hometelco_media_unplayable_items", catalog.UnplayableCount(), "Items ffprobe could not read.");
        yield return new("hometelco_media_scans_active", list.Count(l => l.Scan.State is ScanState.Scanning or ScanState.Queued), "Libraries queued or being scanned.");
        yield return new("hometelco_media_scans_total", scanner.ScansCompleted, "Library scans finished since start.", "counter");
        yield return new("hometelco_media_probes_total", prober.ProbeCount, "ffprobe runs since start.", "counter");
        yield return new("hometelco_media_probe_failures_total", prober.FailureCount, "ffprobe runs that found no playable media, since start.", "counter");
    }
}
