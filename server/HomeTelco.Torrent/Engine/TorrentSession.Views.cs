using HomeTelco.Torrent.Picking;

namespace HomeTelco.Torrent.Engine;

/// <summary>What a session shows the portal and the API.</summary>
internal sealed partial class TorrentSession
{
    public TorrentView View()
    {
        lock (_gate)
        {
            var size = WantedBytes();
            var have = VerifiedWantedBytes();
            var progress = State == TorrentState.Checking ? _checkProgress : size == 0 ? 0 : (double)have / size;
            TimeSpan? eta = State == TorrentState.Downloading && DownloadRate > 0 ? TimeSpan.FromSeconds((size - have) / (double)DownloadRate) : null;
            return new TorrentView(
                InfoHash.ToHex(),
                _meta?.Name ?? Record.Name,
                State,
                Math.Clamp(progress, 0, 1),
                size,
                Record.Downloaded + _peers.Values.Sum(p => p.Down.Pending) + WebSeedBytesPending(),
                Record.Uploaded + _peers.Values.Sum(p => p.Up.Pending),
                DownloadRate,
                UploadRate,
                _peers.Count,
                _peers.Values.Count(p => p.Connection.PeerIsSeed),
                eta,
                Record.Sequential,
                Record.Urgent,
                Record.AddedAt,
                Error);
        }
    }

    public TorrentDetails Details()
    {
        var view = View();
        lock (_gate)
        {
            var files = _meta is null
                ? []
                : _meta.Files.Select((f, i) => (File: f, Index: i)).Where(x => !x.File.IsPadding)
                    .Select(x => new TorrentFileView(x.Index, x.File.Path, x.File.Length, x.File.Length == 0 ? 1 : (double)VerifiedBytesOf(x.File) / x.File.Length, FilePriorityOf(x.Index)))
                    .ToList();
            var peers = _peers.Values.Select(p => new TorrentPeerView(
                p.Connection.Remote.ToString(),
                p.Connection.RemoteExtensions?.Client ?? p.Connection.RemoteHandshake.PeerId.Client,
                p.Connection.PeerBitfield is { Length: > 0 } b ? (double)b.Count / b.Length : p.Connection.PeerIsSeed ? 1 : 0,
                p.Down.Rate,
                p.Up.Rate,
                Flags(p))).Concat(WebSeedViews()).ToList();
            var trackers = _trackers?.Tiers.SelectMany((tier, t) => tier.Select(c => new TorrentTrackerView(c.ToString() ?? "", t, "announcing"))).ToList() ?? [];
            return new TorrentDetails(view, Record.SavePath, files, peers, trackers, Record.DownloadLimit, Record.UploadLimit, Record.SeedRatio,
                Record.SeedMinutes, TimeSpan.FromSeconds(Record.SeedingSeconds), _hashFailures, [.. _banned.Select(a => a.ToString())]);
        }
    }

    /// <summary>Applies new file priorities to the picker and the record.</summary>
    public void SetFilePriorities(IReadOnlyDictionary<int, FilePriority> priorities)
    {
        lock (_gate)
        {
            var count = _meta?.Files.Count ?? priorities.Keys.DefaultIfEmpty(-1).Max() + 1;
            var values = new int[Math.Max(count, Record.FilePriorities.Length)];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = i < Record.FilePriorities.Length ? Record.FilePriorities[i] : (int)FilePriority.Normal;
            }

            foreach (var (file, priority) in priorities)
            {
                values[file] = (int)priority;
                _picker?.SetFilePriority(file, priority);
            }

            Record.FilePriorities = values;
            if (_picker is not null && State == TorrentState.Seeding && !_picker.IsFinished)
            {
                SetState(TorrentState.Downloading);
            }
        }
    }

    /// <summary>Applies changed limits and modes.</summary>
    public void Apply(TorrentUpdate update)
    {
        lock (_gate)
        {
            if (update.DownloadLimit is long down)
            {
                Record.DownloadLimit = down;
                _down?.BytesPerSecond = down;
            }

            if (update.UploadLimit is long up)
            {
                Record.UploadLimit = up;
                _up?.BytesPerSecond = up;
            }

            if (update.Sequential is bool sequential)
            {
                Record.Sequential = sequential;
                _picker?.Sequential = sequential;
            }

            if (update.Urgent is bool urgent && urgent != Record.Urgent)
            {
                Record.Urgent = urgent;
                if (_down is not null)
                {
                    OpenChannels();
                }
            }

            Record.SeedRatio = update.SeedRatio ?? Record.SeedRatio;
            Record.SeedMinutes = update.SeedMinutes ?? Record.SeedMinutes;
        }
    }

    private static string Flags(SwarmPeer peer)
    {
        var c = peer.Connection;
        return string.Concat(
            c.Encrypted ? "E" : "",
            c.Outbound ? "" : "I",
            c.PeerChoking ? "C" : "",
            c.AmChoking ? "" : "U",
            c.PeerIsSeed ? "S" : "");
    }
}
