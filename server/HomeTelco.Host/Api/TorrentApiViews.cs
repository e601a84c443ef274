using HomeTelco.Torrent.Engine;

namespace HomeTelco.Host.Api;

/// <summary>A torrent in the API: the engine's view with its state and durations spelled out for JSON.</summary>
internal sealed record TorrentApiView(
    string Id,
    string Name,
    string State,
    double Progress,
    long Size,
    long Downloaded,
    long Uploaded,
    long DownloadRate,
    long UploadRate,
    int Peers,
    int Seeds,
    double? EtaSeconds,
    bool Sequential,
    bool Urgent,
    double Ratio,
    DateTimeOffset AddedAt,
    string? Error)
{
    public static TorrentApiView From(TorrentView v) => new(
        v.Id, v.Name, StateName(v.State), v.Progress, v.Size, v.Downloaded, v.Uploaded, v.DownloadRate, v.UploadRate,
        v.Peers, v.Seeds, v.Eta?.TotalSeconds, v.Sequential, v.Urgent, v.Ratio, v.AddedAt, v.Error);

    /// <summary>The state as a camel-case word ("downloading", "fetchingMetadata").</summary>
    public static string StateName(TorrentState state)
    {
        var name = state.ToString();
        return string.Concat(name[..1].ToLowerInvariant(), name[1..]);
    }
}

/// <summary>A torrent with its files, peers and trackers.</summary>
internal sealed record TorrentDetailsApiView(
    TorrentApiView Summary,
    string SavePath,
    IReadOnlyList<TorrentFileApiView> Files,
    IReadOnlyList<TorrentPeerView> Peers,
    IReadOnlyList<TorrentTrackerView> Trackers,
    long DownloadLimit,
    long UploadLimit,
    double SeedRatio,
    double SeedMinutes,
    long SeedingSeconds)
{
    public static TorrentDetailsApiView From(TorrentDetails d) => new(
        TorrentApiView.From(d.Summary),
        d.SavePath,
        [.. d.Files.Select(f => new TorrentFileApiView(f.Index, f.Path, f.Size, f.Progress, f.Priority.ToString().ToLowerInvariant()))],
        d.Peers,
        d.Trackers,
        d.DownloadLimit,
        d.UploadLimit,
        d.SeedRatio,
        d.SeedMinutes,
        (long)d.SeedingTime.TotalSeconds);
}

/// <summary>One file, with its priority as "skip", "normal" or "high".</summary>
internal sealed record TorrentFileApiView(int Index, string Path, long Size, double Progress, string Priority);
