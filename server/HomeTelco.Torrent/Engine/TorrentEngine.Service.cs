using HomeTelco.Core;
using HomeTelco.Torrent.Magnets;
using HomeTelco.Torrent.Metainfo;
using HomeTelco.Torrent.Picking;

namespace HomeTelco.Torrent.Engine;

/// <summary>The engine as the API and the portal use it.</summary>
public sealed partial class TorrentEngine : ITorrentService
{
    /// <summary>Largest .torrent file taken from an upload, a URL or the watch folder.</summary>
    public const int MaxTorrentFileBytes = 16 * 1024 * 1024;

    public event Action? Changed;

    public async Task<TorrentView> AddAsync(TorrentAddRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        await Started.WaitAsync(cancellationToken).ConfigureAwait(false);
        var sources = (request.Metainfo is not null ? 1 : 0) + (request.Magnet is not null ? 1 : 0) + (request.Url is not null ? 1 : 0);
        if (sources != 1)
        {
            throw new BoxRequestException("Give exactly one of a .torrent file, a magnet link or a URL.");
        }

        var record = new TorrentRecord
        {
            SavePath = _options.IncompleteDir ?? _options.DownloadsDir,
            CompletedPath = _options.IncompleteDir is null ? null : _options.DownloadsDir,
            Paused = request.Paused,
            Sequential = request.Sequential,
            Urgent = request.Urgent,
            SeedRatio = _options.DefaultSeedRatio,
            SeedMinutes = _options.DefaultSeedMinutes,
            AddedAt = _time.GetUtcNow(),
        };
        InfoHash id;
        if (request.Magnet is not null)
        {
            if (!MagnetLink.TryParse(request.Magnet, out var magnet, out var error))
            {
                throw new BoxRequestException($"That magnet link cannot be used: {error}");
            }

            id = magnet.WireHash;
            record.Magnet = request.Magnet;
            record.Name = magnet.Name ?? id.ToHex();
            record.FilePriorities = SelectOnlyPriorities(magnet);
        }
        else
        {
            var bytes = request.Metainfo ?? await DownloadTorrentFileAsync(request.Url!, cancellationToken).ConfigureAwait(false);
            if (bytes.Length > MaxTorrentFileBytes)
            {
                throw new BoxRequestException($"That .torrent file is larger than {MaxTorrentFileBytes / 1024 / 1024} MiB.");
            }

            if (!TorrentMetainfo.TryParse(bytes, out var meta, out var error))
            {
                throw new BoxRequestException($"That is not a usable .torrent file: {error}");
            }

            id = meta.WireHash;
            record.Metainfo = bytes.ToArray();
            record.Name = meta.Name;
        }

        record.Id = id.ToHex();
        if (_sessions.ContainsKey(id))
        {
            throw new BoxRequestException($"'{record.Name}' is already in the list.") { IsConflict = true };
        }

        if (!TryCreateSession(record, out var session, out var problem))
        {
            throw new BoxRequestException($"That torrent cannot be used: {problem}");
        }

        _records.Save(record);
        Register(session);
        Log.TorrentAdded(_logger, record.Name, record.Id);
        Reconcile();
        Changed?.Invoke();
        return session.View();
    }

    public IReadOnlyList<TorrentView> List() =>
        [.. _sessions.Values.OrderByDescending(s => s.Record.AddedAt).Select(s => s.View())];

    public TorrentDetails? Find(string id) => Get(id, required: false)?.Details();

    public void Pause(string id)
    {
        var session = Get(id)!;
        session.Record.Paused = true;
        _records.Save(session.Record);
        _ = Task.Run(async () =>
        {
            await session.StopAsync(TorrentState.Paused).ConfigureAwait(false);
            Reconcile();
        });
    }

    public void Start(string id)
    {
        var session = Get(id)!;
        session.Record.Paused = false;
        session.Record.Finished = false;
        _records.Save(session.Record);
        if (session.State is TorrentState.Paused or TorrentState.Finished or TorrentState.Error)
        {
            // A stopped session cannot be restarted in place: a fresh one picks up from the resume data.
            _ = Task.Run(async () =>
            {
                await session.DisposeAsync().ConfigureAwait(false);
                if (TryCreateSession(session.Record, out var fresh, out _))
                {
                    Register(fresh);
                    Reconcile();
                    Changed?.Invoke();
                }
            });
        }
        else
        {
            Reconcile();
        }
    }

    public async Task RemoveAsync(string id, bool deleteData, CancellationToken cancellationToken)
    {
        var session = Get(id)!;
        _sessions.TryRemove(session.InfoHash, out _);
        session.Changed -= OnSessionChanged;
        await session.DisposeAsync().ConfigureAwait(false);
        _records.Delete(session.Record.Id);
        _resume.Delete(session.InfoHash);
        if (deleteData && session.Metainfo is { } meta)
        {
            DeleteFiles(session.Record.SavePath, meta);
        }

        Log.TorrentRemoved(_logger, session.Record.Name, deleteData);
        Reconcile();
        Changed?.Invoke();
    }

    public void SetFilePriorities(string id, IReadOnlyDictionary<int, FilePriority> priorities)
    {
        ArgumentNullException.ThrowIfNull(priorities);
        var session = Get(id)!;
        var files = session.Metainfo?.Files.Count;
        foreach (var (file, priority) in priorities)
        {
            if (file < 0 || (files is int count && file >= count) || !Enum.IsDefined(priority))
            {
                throw new BoxRequestException($"File {file} or priority '{priority}' does not exist in this torrent.");
            }
        }

        session.SetFilePriorities(priorities);
        _records.Save(session.Record);
        Changed?.Invoke();
    }

    public void Update(string id, TorrentUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.DownloadLimit < 0 || update.UploadLimit < 0 || update.SeedRatio < 0 || update.SeedMinutes < 0
            || !double.IsFinite(update.SeedRatio ?? 0) || !double.IsFinite(update.SeedMinutes ?? 0))
        {
            throw new BoxRequestException("Limits, the seed ratio and the seeding minutes cannot be negative (0 means none).");
        }

        var session = Get(id)!;
        session.Apply(update);
        _records.Save(session.Record);
        Changed?.Invoke();
    }

    private TorrentSession? Get(string id, bool required = true)
    {
        if (InfoHash.TryParse(id, out var hash) && _sessions.TryGetValue(hash.Value, out var session))
        {
            return session;
        }

        return required ? throw new BoxRequestException($"No torrent has the id '{id}'.") { IsNotFound = true } : null;
    }

    private async Task<ReadOnlyMemory<byte>> DownloadTorrentFileAsync(Uri url, CancellationToken cancellationToken)
    {
        if (url.Scheme is not ("http" or "https"))
        {
            throw new BoxRequestException("Only http and https links to .torrent files can be added.");
        }

        try
        {
            using var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new BoxRequestException($"{url.Host} answered {(int)response.StatusCode} for that .torrent link.");
            }

            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            using var buffer = new MemoryStream();
            var chunk = new byte[16 * 1024];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxTorrentFileBytes)
                {
                    throw new BoxRequestException($"The file at that link is larger than {MaxTorrentFileBytes / 1024 / 1024} MiB: not a .torrent.");
                }

                await buffer.WriteAsync(chunk.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }

            return buffer.ToArray();
        }
        catch (HttpRequestException ex)
        {
            throw new BoxRequestException($"The .torrent link could not be fetched: {ex.Message}");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new BoxRequestException("The .torrent link did not answer in time.");
        }
    }

    // BEP 53: files outside so= start as skipped.
    private static int[] SelectOnlyPriorities(MagnetLink magnet)
    {
        if (magnet.SelectOnly.Count == 0)
        {
            return [];
        }

        var last = magnet.SelectOnly.Max(r => r.Last);
        return [.. Enumerable.Range(0, Math.Min(last + 1, 100_000)).Select(i => magnet.Selects(i) ? (int)FilePriority.Normal : (int)FilePriority.Skip)];
    }

    private void DeleteFiles(string savePath, TorrentMetainfo meta)
    {
        var root = Path.GetFullPath(savePath);
        foreach (var file in meta.Files.Where(f => !f.IsPadding))
        {
            var path = Path.GetFullPath(Path.Combine(root, file.Path));
            if (path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(path))
            {
                File.Delete(path);
            }
        }

        // Empty folders the torrent created, deepest first; never the downloads folder itself.
        var folders = meta.Files.Select(f => Path.GetDirectoryName(Path.GetFullPath(Path.Combine(root, f.Path)))!)
            .Where(d => d.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Distinct()
            .OrderByDescending(d => d.Length);
        foreach (var folder in folders)
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }

        Log.TorrentDataDeleted(_logger, meta.Name, root);
    }
}
