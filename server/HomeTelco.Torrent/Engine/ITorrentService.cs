using HomeTelco.Torrent.Picking;

namespace HomeTelco.Torrent.Engine;

/// <summary>
/// What the API, the portal and the prefetch scheduler may do with torrents. Ids are the torrent's wire
/// info-hash in lower-case hex. Bad input throws <see cref="HomeTelco.Core.BoxRequestException"/> with a
/// message a person understands (an unknown id is IsNotFound).
/// </summary>
public interface ITorrentService
{
    /// <summary>Adds a torrent from a .torrent file, a magnet link or an http(s) URL to a .torrent file.</summary>
    Task<TorrentView> AddAsync(TorrentAddRequest request, CancellationToken cancellationToken);

    /// <summary>Every torrent, newest first.</summary>
    IReadOnlyList<TorrentView> List();

    /// <summary>One torrent with its files, peers and trackers; null when unknown.</summary>
    TorrentDetails? Find(string id);

    /// <summary>Stops transferring until resumed (it keeps its place; a paused torrent does not count as active).</summary>
    void Pause(string id);

    /// <summary>Queues a paused torrent again (resumes it).</summary>
    void Start(string id);

    /// <summary>Forgets a torrent; with <paramref name="deleteData"/> its downloaded files are deleted too.</summary>
    Task RemoveAsync(string id, bool deleteData, CancellationToken cancellationToken);

    /// <summary>Sets file priorities by file index (skip, normal, high).</summary>
    void SetFilePriorities(string id, IReadOnlyDictionary<int, FilePriority> priorities);

    /// <summary>Changes a torrent's limits and modes; null fields are left as they are.</summary>
    void Update(string id, TorrentUpdate update);

    /// <summary>Raised (on any thread) when a torrent is added, removed or changes state.</summary>
    event Action? Changed;
}

/// <summary>How to add a torrent: exactly one of <see cref="Metainfo"/>, <see cref="Magnet"/> or <see cref="Url"/>.</summary>
public sealed record TorrentAddRequest
{
    /// <summary>The bytes of a .torrent file.</summary>
    public ReadOnlyMemory<byte>? Metainfo { get; init; }

    /// <summary>A magnet link.</summary>
    public string? Magnet { get; init; }

    /// <summary>An http(s) URL to a .torrent file.</summary>
    public Uri? Url { get; init; }

    /// <summary>Add without starting.</summary>
    public bool Paused { get; init; }

    /// <summary>Download pieces in order, so a video can play while it downloads.</summary>
    public bool Sequential { get; init; }

    /// <summary>Ignore the bandwidth schedule's windows (the global cap still applies).</summary>
    public bool Urgent { get; init; }
}

/// <summary>Changes to a torrent's settings; null leaves a setting as it is.</summary>
public sealed record TorrentUpdate
{
    /// <summary>Download limit in bytes per second; 0 for none.</summary>
    public long? DownloadLimit { get; init; }

    /// <summary>Upload limit in bytes per second; 0 for none.</summary>
    public long? UploadLimit { get; init; }

    /// <summary>Sequential (streaming) order on or off.</summary>
    public bool? Sequential { get; init; }

    /// <summary>Urgent (ignores schedule windows) on or off.</summary>
    public bool? Urgent { get; init; }

    /// <summary>Stop seeding at this upload/download ratio; 0 for never.</summary>
    public double? SeedRatio { get; init; }

    /// <summary>Stop seeding after this many minutes spent seeding; 0 for never. Whichever of ratio and time comes first stops it.</summary>
    public double? SeedMinutes { get; init; }
}

/// <summary>Where a torrent stands.</summary>
public enum TorrentState
{
    /// <summary>Waiting for a free active slot.</summary>
    Queued,

    /// <summary>A magnet link waiting for the info dictionary from peers.</summary>
    FetchingMetadata,

    /// <summary>Verifying pieces on disk (after an unclean stop or changed files).</summary>
    Checking,

    /// <summary>Downloading.</summary>
    Downloading,

    /// <summary>Complete and uploading to others.</summary>
    Seeding,

    /// <summary>Complete and stopped by its seeding rules.</summary>
    Finished,

    /// <summary>Paused by a person.</summary>
    Paused,

    /// <summary>Stopped by an error it cannot get past alone (disk full, files gone); the message says what.</summary>
    Error,

    /// <summary>Complete, and its files are moving from the incomplete folder to the downloads folder.</summary>
    Moving,
}

/// <summary>One torrent as a list shows it.</summary>
/// <param name="Id">Wire info-hash, lower-case hex.</param>
/// <param name="Name">The torrent's name (the magnet's dn until metadata arrives).</param>
/// <param name="State">Where it stands.</param>
/// <param name="Progress">Verified share of the wanted bytes, 0 to 1.</param>
/// <param name="Size">Bytes of the wanted files; 0 while metadata is unknown.</param>
/// <param name="Downloaded">Payload bytes received, all time.</param>
/// <param name="Uploaded">Payload bytes sent, all time.</param>
/// <param name="DownloadRate">Bytes per second now.</param>
/// <param name="UploadRate">Bytes per second now.</param>
/// <param name="Peers">Connected peers.</param>
/// <param name="Seeds">Connected peers that have everything.</param>
/// <param name="Eta">Time left at the current rate; null when unknown or not downloading.</param>
/// <param name="Sequential">Sequential order on.</param>
/// <param name="Urgent">Ignores schedule windows.</param>
/// <param name="AddedAt">When it was added.</param>
/// <param name="Error">What went wrong, in the Error state.</param>
public sealed record TorrentView(
    string Id,
    string Name,
    TorrentState State,
    double Progress,
    long Size,
    long Downloaded,
    long Uploaded,
    long DownloadRate,
    long UploadRate,
    int Peers,
    int Seeds,
    TimeSpan? Eta,
    bool Sequential,
    bool Urgent,
    DateTimeOffset AddedAt,
    string? Error)
{
    /// <summary>Uploaded over downloaded (0 before anything was downloaded).</summary>
    public double Ratio => Downloaded == 0 ? 0 : (double)Uploaded / Downloaded;
}

/// <summary>One torrent with its parts, for its detail page.</summary>
/// <param name="Summary">The list view.</param>
/// <param name="SavePath">Folder the files are written to.</param>
/// <param name="Files">Files with progress and priority (empty until metadata is known).</param>
/// <param name="Peers">Connected peers.</param>
/// <param name="Trackers">Trackers with their last outcome.</param>
/// <param name="DownloadLimit">Bytes per second, 0 for none.</param>
/// <param name="UploadLimit">Bytes per second, 0 for none.</param>
/// <param name="SeedRatio">Stop seeding at this ratio, 0 for never.</param>
/// <param name="SeedMinutes">Stop seeding after this many minutes of seeding, 0 for never.</param>
/// <param name="SeedingTime">Time spent seeding so far.</param>
/// <param name="HashFailures">Pieces that failed their hash check since the torrent started.</param>
/// <param name="BannedPeers">Addresses banned for sending data that failed the hash check (never dialled or accepted again).</param>
public sealed record TorrentDetails(
    TorrentView Summary,
    string SavePath,
    IReadOnlyList<TorrentFileView> Files,
    IReadOnlyList<TorrentPeerView> Peers,
    IReadOnlyList<TorrentTrackerView> Trackers,
    long DownloadLimit,
    long UploadLimit,
    double SeedRatio,
    double SeedMinutes,
    TimeSpan SeedingTime,
    int HashFailures,
    IReadOnlyList<string> BannedPeers);

/// <summary>One file of a torrent.</summary>
/// <param name="Index">Index for priority changes.</param>
/// <param name="Path">Path inside the torrent's folder.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Progress">Verified share, 0 to 1.</param>
/// <param name="Priority">Skip, normal or high.</param>
public sealed record TorrentFileView(int Index, string Path, long Size, double Progress, FilePriority Priority);

/// <summary>One connected peer.</summary>
/// <param name="Address">IP and port; a web seed's URL.</param>
/// <param name="Client">Client name from its peer id or extended handshake; "web seed" for a BEP 19 web seed.</param>
/// <param name="Progress">Share of the torrent it has, 0 to 1.</param>
/// <param name="DownloadRate">Bytes per second from it.</param>
/// <param name="UploadRate">Bytes per second to it.</param>
/// <param name="Flags">Short state letters: E encrypted, I incoming, C we are choked, U we unchoke it, S seed; W web seed, B resting after errors, X dropped for bad data.</param>
public sealed record TorrentPeerView(string Address, string Client, double Progress, long DownloadRate, long UploadRate, string Flags);

/// <summary>One tracker.</summary>
/// <param name="Url">Announce URL.</param>
/// <param name="Tier">BEP 12 tier.</param>
/// <param name="Status">Last outcome in words.</param>
public sealed record TorrentTrackerView(string Url, int Tier, string Status);
