using HomeTelco.Torrent.Trackers.Http;
using HomeTelco.Torrent.Trackers.Udp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Trackers;

/// <summary>
/// One client per tracker URL for the whole engine, so a hundred torrents on one UDP tracker share its connection
/// id, and tracker sets are built from URLs with BEP 12 tiers and BEP 27's rule for private torrents. Bounded: past
/// <see cref="MaxCachedClients"/> URLs, new clients are made per set and not kept.
/// </summary>
internal sealed class TrackerClientPool
{
    public const int MaxCachedClients = 1024;

    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly UdpTrackerOptions _udpOptions;
    private readonly HttpTrackerOptions _httpOptions;

    // Guards the cache of clients by URL.
    private readonly Lock _clientsLock = new();
    private readonly Dictionary<Uri, ITrackerClient> _clients = [];

    public TrackerClientPool(HttpClient http, TimeProvider time, ILoggerFactory? loggers = null, UdpTrackerOptions? udpOptions = null, HttpTrackerOptions? httpOptions = null)
    {
        _http = http;
        _time = time;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _udpOptions = udpOptions ?? UdpTrackerOptions.Default;
        _httpOptions = httpOptions ?? HttpTrackerOptions.Default;
    }

    /// <summary>The client for <paramref name="uri"/>, or null for a scheme we do not speak (wss://, ...).</summary>
    public ITrackerClient? Get(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        lock (_clientsLock)
        {
            if (_clients.TryGetValue(uri, out var cached))
            {
                return cached;
            }
        }

        var logger = _loggers.CreateLogger("HomeTelco.Torrent.Trackers");
        ITrackerClient? client = uri.Scheme.ToUpperInvariant() switch
        {
            "HTTP" or "HTTPS" => new HttpTrackerClient(uri, _http, _time, _httpOptions, logger),
            "UDP" => new UdpTrackerClient(uri, _time, _udpOptions, logger),
            _ => null,
        };
        if (client is null)
        {
            Log.TrackerSchemeNotSupported(logger, uri);
            return null;
        }

        lock (_clientsLock)
        {
            if (_clients.TryGetValue(uri, out var raced))
            {
                return raced;
            }

            if (_clients.Count < MaxCachedClients)
            {
                _clients[uri] = client;
            }
        }

        return client;
    }

    /// <summary>
    /// Tier lists for a torrent: the metainfo's tiers (announce-list, or announce alone), then <paramref name="extra"/>
    /// trackers (from a magnet link or the user) as one more tier, unless the torrent is private (BEP 27), whose
    /// peers must come from its own trackers only. A URL appears once, in its first tier; unknown schemes are dropped.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<ITrackerClient>> Tiers(IReadOnlyList<IReadOnlyList<Uri>> metainfoTiers, IReadOnlyList<Uri> extra, bool isPrivate)
    {
        ArgumentNullException.ThrowIfNull(metainfoTiers);
        ArgumentNullException.ThrowIfNull(extra);
        var seen = new HashSet<Uri>();
        var tiers = new List<IReadOnlyList<ITrackerClient>>();
        foreach (var tier in isPrivate ? metainfoTiers : [.. metainfoTiers, extra])
        {
            var clients = new List<ITrackerClient>();
            foreach (var uri in tier)
            {
                if (seen.Add(uri) && Get(uri) is { } client)
                {
                    clients.Add(client);
                }
            }

            if (clients.Count > 0)
            {
                tiers.Add(clients);
            }
        }

        return tiers;
    }
}
