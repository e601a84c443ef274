using HomeTelco.Torrent.Storage;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Resume;

/// <summary>
/// Keeps one torrent's resume data in the store: at most once per <c>interval</c> while pieces keep verifying (each
/// save is an fsync plus a LiteDB write, too dear per piece on an SD card), and once more on a clean stop.
/// </summary>
internal sealed class ResumeSaver
{
    private readonly TorrentResumeStore _store;
    private readonly InfoHash _infoHash;
    private readonly TorrentStorage _storage;
    private readonly VerifiedPieces _verified;
    private readonly TimeProvider _time;
    private readonly TimeSpan _interval;
    private readonly ILogger _logger;
    private readonly Lock _saveLock = new();
    private long _lastSave;

    // Outside the save lock: a hashing worker marks it and must never wait behind an fsync.
    private int _dirty;

    public ResumeSaver(TorrentResumeStore store, InfoHash infoHash, TorrentStorage storage, VerifiedPieces verified, TimeProvider time, TimeSpan interval, ILogger logger)
    {
        _store = store;
        _infoHash = infoHash;
        _storage = storage;
        _verified = verified;
        _time = time;
        _interval = interval;
        _logger = logger;
        _lastSave = time.GetTimestamp();
    }

    /// <summary>Saves written so far (tests and metrics).</summary>
    public int SaveCount { get; private set; }

    /// <summary>Something worth saving happened (a piece verified or was dropped).</summary>
    public void MarkDirty() => Volatile.Write(ref _dirty, 1);

    /// <summary>Saves when there is something new and the interval has passed since the last save; true when it saved.</summary>
    public bool SaveIfDue()
    {
        lock (_saveLock)
        {
            if (Volatile.Read(ref _dirty) == 0 || _time.GetElapsedTime(_lastSave) < _interval)
            {
                return false;
            }

            return SaveLocked(cleanStop: false);
        }
    }

    /// <summary>
    /// Saves now. <paramref name="cleanStop"/> only after the last write of a stop; a start saves with false at once, so a
    /// crash before the next save is never mistaken for a clean stop.
    /// </summary>
    public bool Save(bool cleanStop)
    {
        lock (_saveLock)
        {
            return SaveLocked(cleanStop);
        }
    }

    private bool SaveLocked(bool cleanStop)
    {
        try
        {
            // Order matters. Files are stat'ed first, so a write racing this save makes its file look changed at the
            // next start (re-checked), never unchanged. The bitfield is copied next, and only then is everything
            // fsynced: every piece in the copy had its pwrite done before its bit was set, so after the fsync its bytes
            // are on disk before the store claims them.
            // Cleared before the copy, so a piece verified during this save leaves the flag set for the next one.
            Volatile.Write(ref _dirty, 0);
            var files = _storage.StatFiles();
            var bits = _verified.ToWire();
            _storage.Flush();
            var layout = _storage.Layout;
            _store.Save(new TorrentResumeDocument
            {
                Id = _infoHash.ToHex(),
                PieceCount = layout.PieceCount,
                PieceLength = layout.PieceLength,
                Verified = bits,
                Files = [.. files.Select(f => new ResumeFileDocument { Exists = f.Exists, Length = f.Length, LastWriteTicks = f.LastWriteTicks })],
                CleanStop = cleanStop,
                // Compared with file write times at the next start, so the file system's clock, not the test-settable one.
                SavedAtTicks = TimeProvider.System.GetUtcNow().UtcTicks,
            });
            _lastSave = _time.GetTimestamp();
            SaveCount++;
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or LiteDB.LiteException)
        {
            Log.ResumeSaveFailed(_logger, _infoHash.ToHex(), ex);
            Volatile.Write(ref _dirty, 1);
            return false;
        }
    }
}
