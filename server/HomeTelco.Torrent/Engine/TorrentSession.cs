using System.Net;
using HomeTelco.Torrent.Choking;
using HomeTelco.Torrent.Limits;
using HomeTelco.Torrent.Magnets;
using HomeTelco.Torrent.Metainfo;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Extensions;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Picking;
using HomeTelco.Torrent.Resume;
using HomeTelco.Torrent.Storage;
using HomeTelco.Torrent.Trackers;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Engine;

/// <summary>
/// One running torrent: finds peers (trackers, DHT, PEX, the magnet's x.pe), fetches metadata for a magnet,
/// restores and re-checks what is on disk, then downloads and seeds through the picker, the choker, the write
/// cache and the rate limits. Peer callbacks, the hashing workers and the once-a-second tick all meet under one
/// lock; nothing blocking runs while it is held. Started and stopped by the engine, which owns the queue.
/// </summary>
internal sealed partial class TorrentSession : IPeerConnectionHandler, IAsyncDisposable
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan DhtAnnounceInterval = TimeSpan.FromMinutes(15);
    private const int MaxCandidates = 1_000;
    private const int MaxDialsInFlight = 8;

    private readonly SwarmContext _ctx;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Random _random = new();
    private readonly Dictionary<PeerConnection, SwarmPeer> _peers = [];
    private readonly Dictionary<PickerPeer, SwarmPeer> _byPicker = [];
    private readonly Queue<IPEndPoint> _candidates = new();
    private readonly HashSet<IPEndPoint> _known = [];
    private readonly HashSet<IPAddress> _banned = [];
    private readonly List<Picking.PeerBlock> _cancels = [];
    private readonly MagnetLink? _magnet;
    private readonly CancellationTokenSource _stop = new();
    private TorrentMetainfo? _meta;
    private TorrentStorage? _storage;
    private VerifiedPieces? _verified;
    private PieceWriteCache<object>? _cache; // contributors: SwarmPeer or WebSeedSource
    private PieceReader? _reader;
    private ResumeSaver? _saver;
    private PiecePicker? _picker;
    private Choker? _choker;
    private TorrentConnections? _connections;
    private BandwidthChannel? _down;
    private BandwidthChannel? _up;
    private TrackerSet? _trackers;
    private MetadataDownload? _metadata;
    private Task _run = Task.CompletedTask;
    private int _dialsInFlight;
    private long _ticks;
    private DateTimeOffset _nextDhtAnnounce;
    private int _diskErrors;
    private int _hashFailures;
    private double _checkProgress;

    // When this run started seeding, and the seeding seconds of earlier runs then.
    private (DateTimeOffset Since, long BaseSeconds)? _seedingSince;

    public TorrentSession(TorrentRecord record, TorrentMetainfo? meta, MagnetLink? magnet, SwarmContext ctx)
    {
        Record = record;
        _meta = meta;
        _magnet = magnet;
        _ctx = ctx;
        _logger = ctx.Loggers.CreateLogger<TorrentSession>();
        InfoHash = meta?.WireHash ?? magnet!.WireHash;
        IsPrivate = meta?.IsPrivate ?? false;
        // A torrent added paused, or stopped by its seeding rules before a restart, shows that until started.
        State = record.Paused ? TorrentState.Paused : record.Finished ? TorrentState.Finished : TorrentState.Queued;
    }

    public InfoHash InfoHash { get; }

    /// <summary>The persisted settings and totals; the engine saves it.</summary>
    public TorrentRecord Record { get; }

    public TorrentMetainfo? Metainfo => _meta;

    public bool IsPrivate { get; private set; }

    public TorrentState State { get; private set; }

    public string? Error { get; private set; }

    /// <summary>Raised when the state changes or metadata arrives (the engine saves the record and tells the portal).</summary>
    public event Action<TorrentSession>? Changed;

    public bool IsRunning => !_run.IsCompleted;

    /// <summary>Payload bytes per second, smoothed.</summary>
    public long DownloadRate { get; private set; }

    public long UploadRate { get; private set; }

    /// <summary>Our handshake for this torrent.</summary>
    public PeerHandshake Handshake => new(_ctx.Reserved, InfoHash, PeerIdBytes.FromSpan(_ctx.PeerId));

    /// <summary>Starts fetching metadata, checking, downloading or seeding in the background.</summary>
    public void Start()
    {
        if (IsRunning)
        {
            return;
        }

        _run = Task.Run(() => RunAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>Stops cleanly: peers closed, trackers told, resume data saved with the clean-stop marker.</summary>
    public async Task StopAsync(TorrentState stoppedState)
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _run.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await ClosePeersAsync("torrent stopped").ConfigureAwait(false);
        await WaitForWebSeedsAsync().ConfigureAwait(false);
        if (_trackers is not null)
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _trackers.StopAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        lock (_gate)
        {
            if (_saver is not null && _diskErrors == 0)
            {
                _saver.Save(cleanStop: true);
            }

            _storage?.Flush();
            if (State != TorrentState.Error)
            {
                SetState(stoppedState);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (IsRunning)
        {
            await StopAsync(State).ConfigureAwait(false);
        }

        _cache?.Dispose();
        _storage?.Dispose();
        _trackers?.Dispose();
        _down?.Dispose();
        _up?.Dispose();
        _stop.Dispose();
    }

    /// <summary>Offers peer addresses from any source; known, banned and excess ones are ignored.</summary>
    public void AddCandidates(IEnumerable<IPEndPoint> endPoints)
    {
        lock (_gate)
        {
            foreach (var endPoint in endPoints)
            {
                var normal = endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
                if (normal.Port == 0 || _banned.Contains(normal.Address) || _known.Count >= MaxCandidates || !_known.Add(normal))
                {
                    continue;
                }

                _candidates.Enqueue(normal);
            }
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            _connections = _ctx.Connections.ForTorrent(_ctx.MaxPeersPerTorrent);
            OpenChannels();
            StartTrackers(cancellationToken);
            _ctx.LocalDiscovery?.Add(InfoHash, IsPrivate);
            if (_magnet is not null)
            {
                AddCandidates(_magnet.Peers.OfType<IPEndPoint>());
            }

            if (_meta is null)
            {
                SetState(TorrentState.FetchingMetadata);
                while (_meta is null)
                {
                    await Task.Delay(TickInterval, _ctx.Time, cancellationToken).ConfigureAwait(false);
                    Tick();
                }

                if (IsPrivate)
                {
                    // The info dictionary says private (BEP 27): the LAN must not hear of it.
                    _ctx.LocalDiscovery?.Remove(InfoHash);
                }

                // Connections made before the metadata have no piece bookkeeping: start them over.
                CloseAllPeers("metadata arrived");
                RequeueKnown();
            }

            await OpenContentAsync(cancellationToken).ConfigureAwait(false);
            while (true)
            {
                await MoveWhenCompleteAsync(cancellationToken).ConfigureAwait(false);
                Tick();
                await Task.Delay(TickInterval, _ctx.Time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // A torrent that fails (disk gone, folder refused) goes to Error; the engine keeps running.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.TorrentFailed(_logger, Record.Name, ex);
            lock (_gate)
            {
                Error = ex is IOException or UnauthorizedAccessException or TorrentPathException or MetainfoException ? ex.Message : $"Internal error: {ex.Message}";
                SetState(TorrentState.Error);
            }
        }
        finally
        {
            _ctx.LocalDiscovery?.Remove(InfoHash);
        }
    }

    // Storage, resume and re-check, then the picker: the torrent is ready to transfer after this.
    private async Task OpenContentAsync(CancellationToken cancellationToken)
    {
        var meta = _meta!;
        SetState(TorrentState.Checking);
        FinishInterruptedMove(meta);
        Directory.CreateDirectory(Record.SavePath);
        var storage = new TorrentStorage(meta.Layout, Record.SavePath);
        storage.CreateEmptyFiles();
        var verified = new VerifiedPieces(meta.PieceCount);
        var progress = new Progress<RecheckProgress>(p => _checkProgress = p.Total == 0 ? 1 : (double)p.Checked / p.Total);
        await ResumeRestorer.RestoreAsync(_ctx.Resume, InfoHash, storage, meta.Verifier, verified, _ctx.RecheckParallelism, progress, _logger, cancellationToken)
            .ConfigureAwait(false);
        lock (_gate)
        {
            AttachStorage(storage, verified);
            _picker = new PiecePicker(meta.Layout, verified.Snapshot(), _ctx.Time, _random) { Sequential = Record.Sequential };
            for (var file = 0; file < Record.FilePriorities.Length && file < meta.Files.Count; file++)
            {
                _picker.SetFilePriority(file, (FilePriority)Record.FilePriorities[file]);
            }

            _choker = new Choker(_ctx.Time, _random);
            SetState(_picker.IsFinished ? TorrentState.Seeding : TorrentState.Downloading);
        }
    }

    private void StartTrackers(CancellationToken cancellationToken)
    {
        var tiers = (_meta?.AnnounceTiers ?? [])
            .Select(t => (IReadOnlyList<Uri>)[.. t.Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null).OfType<Uri>()])
            .ToList();
        IReadOnlyList<Uri> extra = _magnet is null || IsPrivate ? [] : [.. _magnet.Trackers.Select(u => Uri.TryCreate(u, UriKind.Absolute, out var uri) ? uri : null).OfType<Uri>()];
        var clients = _ctx.Trackers.Tiers(tiers, extra, IsPrivate);
        if (clients.Count == 0)
        {
            return;
        }

        _trackers = new TrackerSet(InfoHash, clients, IsPrivate, _ctx.PeerId, _ctx.ListenPort, Totals, _ctx.Time, _random, logger: _logger);
        _trackers.PeersFound += (_, peers) => AddCandidates(peers);
        _ = _trackers.RunAsync(cancellationToken);
    }

    private TransferTotals Totals()
    {
        lock (_gate)
        {
            var left = _meta is null ? 1 : WantedBytes() - VerifiedWantedBytes();
            return new TransferTotals(Record.Uploaded, Record.Downloaded, Math.Max(0, left));
        }
    }

    // Urgent torrents draw on the unscheduled budget, the rest on the one the schedule's windows narrow.
    private void OpenChannels()
    {
        _down?.Dispose();
        _up?.Dispose();
        _down = (Record.Urgent ? _ctx.UrgentDownload : _ctx.Download).CreateChannel(Record.DownloadLimit);
        _up = (Record.Urgent ? _ctx.UrgentUpload : _ctx.Upload).CreateChannel(Record.UploadLimit);
    }

    private void SetState(TorrentState state)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        Log.TorrentState(_logger, Record.Name, state.ToString());
        Changed?.Invoke(this);
    }

    private void CloseAllPeers(string reason)
    {
        List<SwarmPeer> peers;
        lock (_gate)
        {
            peers = [.. _peers.Values];
        }

        foreach (var peer in peers)
        {
            peer.Connection.Close(reason);
        }
    }

    private void RequeueKnown()
    {
        lock (_gate)
        {
            _candidates.Clear();
            foreach (var endPoint in _known)
            {
                _candidates.Enqueue(endPoint);
            }
        }
    }
}
