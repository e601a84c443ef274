using System.Collections.Concurrent;
using System.Net;
using HomeTelco.Core.Engines;
using HomeTelco.Core.Schedules;
using HomeTelco.Core.Store;
using HomeTelco.Torrent.Dht;
using HomeTelco.Torrent.Discovery;
using HomeTelco.Torrent.Limits;
using HomeTelco.Torrent.Magnets;
using HomeTelco.Torrent.Metainfo;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Encryption;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Resume;
using HomeTelco.Torrent.Storage;
using HomeTelco.Torrent.Trackers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Engine;

/// <summary>
/// The always-on BitTorrent client: one peer listener and one DHT node for every torrent, a queue that keeps at
/// most the profile's number of torrents active, a watch folder, the bandwidth schedule, and the torrents
/// themselves (each a <see cref="TorrentSession"/>). Torrents and their settings live in the store and come back
/// after a restart, where the resume data takes over.
/// </summary>
public sealed partial class TorrentEngine : BackgroundService, IEngineStatusSource, IPeerAcceptor
{
    private static readonly TimeSpan HousekeepingInterval = TimeSpan.FromSeconds(5);

    private readonly TorrentEngineOptions _options;
    private readonly TorrentRecordStore _records;
    private readonly TorrentResumeStore _resume;
    private readonly IBandwidthSchedule? _schedule;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<InfoHash, TorrentSession> _sessions = new();
    private readonly Lock _queueGate = new();
    private readonly HttpClient _http;
    private SwarmContext? _context;
    private PeerListener? _listener;
    private DhtEngine? _dht;
    private HashingQueue? _hashing;
    private LocalServiceDiscovery? _lsd;
    private readonly StoreDhtState _dhtState;
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _stopGate = new();
    private Task? _stopping;

    public TorrentEngine(TorrentEngineOptions options, HomeStore store, IBandwidthSchedule? schedule, TimeProvider time, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _records = new TorrentRecordStore(store);
        _resume = new TorrentResumeStore(store);
        _dhtState = new StoreDhtState(store);
        _schedule = schedule;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<TorrentEngine>();
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), MaxConnectionsPerServer = 4 })
        {
            Timeout = TimeSpan.FromSeconds(30),
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("HomeTelco/0.1");
    }

    /// <summary>The TCP port peers reach us on (useful when 0 asked for any free port).</summary>
    public int ListenPort => _listener?.LocalEndPoint.Port ?? 0;

    /// <summary>The DHT node, once started (null when the DHT is off).</summary>
    public DhtEngine? Dht => _dht;

    /// <summary>Completes when the listener is up and stored torrents are loaded.</summary>
    public Task Started => _started.Task;

    IReadOnlyCollection<InfoHash> IPeerAcceptor.Torrents => [.. _sessions.Keys];

    PeerHandshake? IPeerAcceptor.Answer(PeerHandshake theirs) =>
        _sessions.TryGetValue(theirs.InfoHash, out var session) && session.IsRunning ? session.Handshake : null;

    void IPeerAcceptor.Accepted(PeerLink link)
    {
        if (!_sessions.TryGetValue(link.RemoteHandshake.InfoHash, out var session) || !session.TryAdopt(link))
        {
            _ = link.DisposeAsync().AsTask();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await StartEngineAsync(stoppingToken).ConfigureAwait(false);
            _started.TrySetResult();
        }
#pragma warning disable CA1031 // A port in use must not stop the rest of the box; the tile says what failed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            _failure = ex.Message;
            Log.EngineFailed(_logger, ex.Message);
            _started.TrySetException(ex);
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(HousekeepingInterval, _time, stoppingToken).ConfigureAwait(false);
                ApplySchedule();
                ScanWatchFolder();
                Reconcile();
                TrimBuffersWhenIdle();
            }
            catch (OperationCanceledException)
            {
                break;
            }
#pragma warning disable CA1031 // Housekeeping must keep going; the next round retries.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.HousekeepingFailed(_logger, ex);
            }
        }
    }

    /// <summary>
    /// Stops once, however many callers: a host can stop its services from two paths at the same time (a web host's
    /// own run loop and the code that started it, as WebApplicationFactory does), and the path that finishes first goes
    /// on to dispose the store. A second caller therefore waits for the first one's sessions to be saved.
    /// </summary>
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_stopGate)
        {
            return _stopping ??= StopOnceAsync(cancellationToken);
        }
    }

    private async Task StopOnceAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await Task.WhenAll(_sessions.Values.Where(s => s.IsRunning).Select(async s =>
        {
            await s.StopAsync(TorrentState.Queued).ConfigureAwait(false);
            _records.Save(s.Record);
        })).ConfigureAwait(false);
        if (_listener is not null)
        {
            await _listener.DisposeAsync().ConfigureAwait(false);
        }

        if (_dht is not null)
        {
            await _dht.DisposeAsync().ConfigureAwait(false);
        }

        if (_lsd is not null)
        {
            await _lsd.DisposeAsync().ConfigureAwait(false);
        }

        if (_hashing is not null)
        {
            await _hashing.DisposeAsync().ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _http.Dispose();
        base.Dispose();
    }

    private string? _failure;

    private async Task StartEngineAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(_options.DownloadsDir);
        var endPoint = new IPEndPoint(_options.ListenAddress ?? IPAddress.Any, _options.Port);
        var connectionOptions = PeerConnectionOptions.Default with
        {
            Encryption = _options.Encryption switch
            {
                TorrentEncryption.Require => EncryptionMode.Require,
                TorrentEncryption.Allow => EncryptionMode.Allow,
                _ => EncryptionMode.Prefer,
            },
        };
        _listener = new PeerListener(endPoint, this, connectionOptions, _time, _loggers.CreateLogger<PeerListener>());
        _listener.Start();
        var port = _listener.LocalEndPoint.Port;
        if (_options.DhtEnabled)
        {
            _dht = new DhtEngine(
                new DhtOptions { ListenAddress = _options.ListenAddress, Port = port, BootstrapNodes = _options.DhtBootstrapNodes },
                _dhtState,
                _time,
                _loggers.CreateLogger<DhtEngine>());
            await _dht.StartAsync(cancellationToken).ConfigureAwait(false);
            _ = _dht.BootstrapAsync(cancellationToken);
        }

        _lsd = StartLocalDiscovery(port);
        _hashing = new HashingQueue(Math.Max(1, _options.HashWorkers), 64, _logger);
        _hashing.Start();
        _context = new SwarmContext
        {
            PeerId = PeerId.Create(),
            ListenPort = port,
            Time = _time,
            Loggers = _loggers,
            ConnectionOptions = connectionOptions,
            Violations = new PeerViolationGate(_time, TimeSpan.FromMinutes(1)),
            Hashing = _hashing,
            Buffers = new BlockBufferPool(Math.Max(1, _options.DiskCacheMb) * 1024L * 1024),
            Download = new BandwidthLimiter(_time, _options.DownloadLimit),
            Upload = new BandwidthLimiter(_time, _options.UploadLimit),
            UrgentDownload = new BandwidthLimiter(_time, _options.DownloadLimit),
            UrgentUpload = new BandwidthLimiter(_time, _options.UploadLimit),
            Connections = new ConnectionBudget(_options.MaxPeers),
            Trackers = new TrackerClientPool(_http, _time, _loggers),
            Resume = _resume,
            Dht = _dht,
            LocalDiscovery = _lsd,
            MaxPeersPerTorrent = _options.MaxPeersPerTorrent,
        };
        Log.EngineListening(_logger, port, _options.DownloadsDir);
        foreach (var record in _records.All())
        {
            if (TryCreateSession(record, out var session, out var error))
            {
                Register(session);
            }
            else
            {
                Log.RecordUnusable(_logger, record.Name, error);
            }
        }

        ApplySchedule();
        Reconcile();
    }

    // Joins BEP 14's group on the listen address's interface (the kernel's choice when listening on all of them).
    // A box without multicast (no route for the group, a container without it) goes on without local discovery.
    private LocalServiceDiscovery? StartLocalDiscovery(int port)
    {
        if (!_options.LocalDiscovery)
        {
            return null;
        }

        var listen = _options.ListenAddress;
        var options = _options.LocalDiscoveryOptions ?? new LsdOptions
        {
            InterfaceAddress = listen is not null && listen.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork && !listen.Equals(IPAddress.Any) ? listen : null,
        };
        var lsd = new LocalServiceDiscovery(options, port, _time, _loggers.CreateLogger<LocalServiceDiscovery>());
        if (!lsd.Start())
        {
            _ = lsd.DisposeAsync().AsTask();
            return null;
        }

        lsd.PeerDiscovered += (hash, peer) =>
        {
            // BEP 27: a private torrent takes peers from its trackers only.
            if (_sessions.TryGetValue(hash, out var session) && session.IsRunning && !session.IsPrivate)
            {
                session.AddCandidates([peer]);
            }
        };
        return lsd;
    }

    private bool TryCreateSession(TorrentRecord record, out TorrentSession session, out string error)
    {
        session = null!;
        TorrentMetainfo? meta = null;
        MagnetLink? magnet = null;
        if (record.Magnet is not null && !MagnetLink.TryParse(record.Magnet, out magnet, out var magnetError))
        {
            error = magnetError;
            return false;
        }

        if (record.Metainfo is not null && !TorrentMetainfo.TryParse(record.Metainfo, out meta, out var metaError))
        {
            error = metaError;
            return false;
        }

        if (meta is null && magnet is null)
        {
            error = "neither a .torrent nor a magnet link is stored";
            return false;
        }

        session = new TorrentSession(record, meta, magnet, _context!);
        error = "";
        return true;
    }

    private void Register(TorrentSession session)
    {
        session.Changed += OnSessionChanged;
        _sessions[session.InfoHash] = session;
    }

    private void OnSessionChanged(TorrentSession session)
    {
        _records.Save(session.Record);
        Changed?.Invoke();
        if (session.State is TorrentState.Finished or TorrentState.Error)
        {
            // A slot freed up: let the next queued torrent in.
            _ = Task.Run(Reconcile);
        }
    }

    // Starts queued torrents while slots are free (urgent first, then oldest first); paused, finished and failed ones wait.
    private void Reconcile()
    {
        lock (_queueGate)
        {
            var running = _sessions.Values.Count(s => s.IsRunning && s.State is not (TorrentState.Finished or TorrentState.Error));
            foreach (var session in _sessions.Values
                .Where(s => !s.IsRunning && !s.Record.Paused && !s.Record.Finished && s.State is TorrentState.Queued)
                .OrderByDescending(s => s.Record.Urgent)
                .ThenBy(s => s.Record.AddedAt))
            {
                if (running >= _options.MaxActiveTorrents)
                {
                    break;
                }

                session.Start();
                running++;
            }
        }
    }

    // The write cache's buffers are kept while anything downloads; a seeding-only box gives them back.
    private void TrimBuffersWhenIdle()
    {
        if (_context is not null && !_sessions.Values.Any(s => s.State is TorrentState.Downloading or TorrentState.Checking or TorrentState.FetchingMetadata))
        {
            _context.Buffers.Trim();
        }
    }

    private void ApplySchedule()
    {
        if (_context is null || _schedule is null)
        {
            return;
        }

        var window = _schedule.Current();
        _context.Download.BytesPerSecond = Tighter(_options.DownloadLimit, window.DownloadBytesPerSecond);
        _context.Upload.BytesPerSecond = Tighter(_options.UploadLimit, window.UploadBytesPerSecond);
    }

    private static long Tighter(long a, long b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);
}
