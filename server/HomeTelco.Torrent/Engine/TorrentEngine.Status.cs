using System.Globalization;
using HomeTelco.Core.Engines;
using HomeTelco.Torrent.Metainfo;

namespace HomeTelco.Torrent.Engine;

/// <summary>The engine's dashboard tile, metrics and watch folder.</summary>
public sealed partial class TorrentEngine
{
    public EngineStatus GetStatus()
    {
        if (_failure is not null)
        {
            return new EngineStatus("torrent", "Downloads", EngineState.Degraded, $"The BitTorrent engine could not start: {_failure}", []);
        }

        if (_context is null)
        {
            return new EngineStatus("torrent", "Downloads", EngineState.Starting, "Starting the BitTorrent engine.", []);
        }

        var views = _sessions.Values.Select(s => s.View()).ToList();
        var failed = views.Count(v => v.State == TorrentState.Error);
        var message = failed > 0
            ? $"{failed} torrent(s) stopped with an error; open Downloads to see why."
            : $"{views.Count(v => v.State == TorrentState.Downloading)} downloading, {views.Count(v => v.State == TorrentState.Seeding)} seeding.";
        return new EngineStatus(
            "torrent",
            "Downloads",
            failed > 0 ? EngineState.Degraded : EngineState.Ready,
            message,
            [
                new("Torrents", views.Count.ToString(CultureInfo.InvariantCulture)),
                new("Down", Rate(views.Sum(v => v.DownloadRate))),
                new("Up", Rate(views.Sum(v => v.UploadRate))),
                new("Peers", views.Sum(v => v.Peers).ToString(CultureInfo.InvariantCulture)),
                new("DHT nodes", _dht?.NodeCount.ToString(CultureInfo.InvariantCulture) ?? "off"),
            ]);
    }

    public IEnumerable<EngineMetric> GetMetrics()
    {
        var views = _sessions.Values.Select(s => s.View()).ToList();
        yield return new("hometelco_torrents", views.Count, "Torrents in the list.");
        yield return new("hometelco_torrents_downloading", views.Count(v => v.State == TorrentState.Downloading), "Torrents downloading.");
        yield return new("hometelco_torrents_seeding", views.Count(v => v.State == TorrentState.Seeding), "Torrents seeding.");
        yield return new("hometelco_torrent_download_bytes_per_second", views.Sum(v => v.DownloadRate), "Payload download rate.");
        yield return new("hometelco_torrent_upload_bytes_per_second", views.Sum(v => v.UploadRate), "Payload upload rate.");
        yield return new("hometelco_torrent_downloaded_bytes_total", views.Sum(v => v.Downloaded), "Payload bytes downloaded by the torrents in the list.", "counter");
        yield return new("hometelco_torrent_uploaded_bytes_total", views.Sum(v => v.Uploaded), "Payload bytes uploaded by the torrents in the list.", "counter");
        yield return new("hometelco_torrent_peers", views.Sum(v => v.Peers), "Connected peers.");
        yield return new("hometelco_dht_nodes", _dht?.NodeCount ?? 0, "Nodes in the DHT routing table.");
    }

    // Adds every .torrent dropped in the watch folder, then renames it so it is taken once: ".added" or ".invalid".
    private void ScanWatchFolder()
    {
        if (_options.WatchDir is not { } dir || !Directory.Exists(dir))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(dir, "*.torrent").Take(50))
        {
            string outcome;
            try
            {
                var info = new FileInfo(file);
                if (_time.GetUtcNow() - info.LastWriteTimeUtc < TimeSpan.FromSeconds(2))
                {
                    // Possibly still being copied in; take it on the next round.
                    continue;
                }

                var bytes = info.Length <= MaxTorrentFileBytes ? File.ReadAllBytes(file) : [];
                if (!TorrentMetainfo.TryParse(bytes, out _, out var error))
                {
                    Log.WatchFileRefused(_logger, file, error);
                    outcome = ".invalid";
                }
                else
                {
                    AddAsync(new TorrentAddRequest { Metainfo = bytes }, CancellationToken.None).GetAwaiter().GetResult();
                    outcome = ".added";
                }
            }
            catch (Core.BoxRequestException ex)
            {
                Log.WatchFileRefused(_logger, file, ex.Message);
                outcome = ".invalid";
            }
            catch (IOException ex)
            {
                Log.WatchFileRefused(_logger, file, ex.Message);
                continue;
            }

            File.Move(file, file + outcome, overwrite: true);
        }
    }

    private static string Rate(long bytesPerSecond) => bytesPerSecond switch
    {
        >= 1024 * 1024 => $"{bytesPerSecond / 1024.0 / 1024.0:0.0} MB/s",
        >= 1024 => $"{bytesPerSecond / 1024.0:0} kB/s",
        _ => $"{bytesPerSecond} B/s",
    };
}
