using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Torrent.Engine;

/// <summary>
/// What the engine keeps of one torrent across restarts: where it came from (the info dictionary once known, or the
/// magnet link), its settings and its totals. Piece-level progress lives in the resume data, not here.
/// </summary>
internal sealed class TorrentRecord
{
    /// <summary>Wire info-hash, lower-case hex.</summary>
    public string Id { get; set; } = "";

    /// <summary>The .torrent file's bytes (or, for a magnet, a .torrent rebuilt from the fetched info dictionary).</summary>
    public byte[]? Metainfo { get; set; }

    /// <summary>The magnet link it was added from, if any (its trackers and peers stay useful after metadata arrives).</summary>
    public string? Magnet { get; set; }

    /// <summary>Display name until metadata is known.</summary>
    public string Name { get; set; } = "";

    /// <summary>Folder the torrent's files are written under.</summary>
    public string SavePath { get; set; } = "";

    /// <summary>Folder the files move to once complete (the downloads folder when downloading into an incomplete one); null to stay.</summary>
    public string? CompletedPath { get; set; }

    public bool Paused { get; set; }

    public bool Sequential { get; set; }

    public bool Urgent { get; set; }

    public long DownloadLimit { get; set; }

    public long UploadLimit { get; set; }

    public double SeedRatio { get; set; }

    /// <summary>Stop seeding after this many minutes of seeding (0 for no limit).</summary>
    public double SeedMinutes { get; set; }

    /// <summary>Time spent seeding so far, over every run, in seconds.</summary>
    public long SeedingSeconds { get; set; }

    /// <summary>Priority per file index (0 skip, 1 normal, 2 high); empty means all normal.</summary>
    public int[] FilePriorities { get; set; } = [];

    public long Downloaded { get; set; }

    public long Uploaded { get; set; }

    public DateTimeOffset AddedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Set when the seeding rules stopped it.</summary>
    public bool Finished { get; set; }
}

/// <summary>The <c>torrents</c> collection.</summary>
internal sealed class TorrentRecordStore(HomeStore store)
{
    private readonly ILiteCollection<TorrentRecord> _records = store.Collection<TorrentRecord>(Collections.Torrents);

    public IReadOnlyList<TorrentRecord> All() => [.. _records.FindAll()];

    public void Save(TorrentRecord record) => _records.Upsert(record);

    public bool Delete(string id) => _records.Delete(id);
}
