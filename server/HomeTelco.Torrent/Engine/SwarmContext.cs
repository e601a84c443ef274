using HomeTelco.Torrent.Dht;
using HomeTelco.Torrent.Limits;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Resume;
using HomeTelco.Torrent.Storage;
using HomeTelco.Torrent.Trackers;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Engine;

/// <summary>What every torrent session shares with the engine: identity, budgets, workers and the ways to find peers.</summary>
internal sealed record SwarmContext
{
    /// <summary>Our 20-byte peer id for this run.</summary>
    public required byte[] PeerId { get; init; }

    /// <summary>The TCP port peers reach us on (announced to trackers and the DHT).</summary>
    public required int ListenPort { get; init; }

    public required TimeProvider Time { get; init; }

    public required ILoggerFactory Loggers { get; init; }

    public required PeerConnectionOptions ConnectionOptions { get; init; }

    public required PeerViolationGate Violations { get; init; }

    public required HashingQueue Hashing { get; init; }

    public required BlockBufferPool Buffers { get; init; }

    public required BandwidthLimiter Download { get; init; }

    public required BandwidthLimiter Upload { get; init; }

    /// <summary>Download budget of urgent torrents: the box cap only, never the schedule's windows.</summary>
    public required BandwidthLimiter UrgentDownload { get; init; }

    /// <summary>Upload budget of urgent torrents.</summary>
    public required BandwidthLimiter UrgentUpload { get; init; }

    public required ConnectionBudget Connections { get; init; }

    public required TrackerClientPool Trackers { get; init; }

    public required TorrentResumeStore Resume { get; init; }

    /// <summary>The DHT node, or null when the DHT is off.</summary>
    public DhtEngine? Dht { get; init; }

    /// <summary>Local service discovery (BEP 14), or null when it is off or could not join its group.</summary>
    public Discovery.LocalServiceDiscovery? LocalDiscovery { get; init; }

    /// <summary>Peers per torrent (the global budget still applies).</summary>
    public int MaxPeersPerTorrent { get; init; } = 50;

    /// <summary>Parallel re-check hashing after an unclean stop.</summary>
    public int RecheckParallelism { get; init; } = 1;

    /// <summary>Our handshake's reserved bits: extension protocol, fast extension, DHT when on.</summary>
    public ulong Reserved => PeerHandshake.ExtensionProtocolBit | PeerHandshake.FastExtensionBit | (Dht is null ? 0 : PeerHandshake.DhtBit);
}
