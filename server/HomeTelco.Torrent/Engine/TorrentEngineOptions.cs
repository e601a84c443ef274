using System.Net;

namespace HomeTelco.Torrent.Engine;

/// <summary>Message stream encryption policy (MSE/PE) for peer connections.</summary>
public enum TorrentEncryption
{
    /// <summary>Offer encryption, accept plaintext.</summary>
    Prefer,

    /// <summary>Plaintext first, encryption when the peer insists.</summary>
    Allow,

    /// <summary>Encrypted connections only.</summary>
    Require,
}

/// <summary>How the torrent engine runs: where it listens and writes, and the limits from the hardware profile.</summary>
public sealed record TorrentEngineOptions
{
    /// <summary>Address for the peer listener and the DHT; null for all IPv4 addresses.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>TCP port for peers and UDP port for the DHT.</summary>
    public int Port { get; init; } = 6881;

    /// <summary>Where downloads are written (the media library's downloads folder).</summary>
    public required string DownloadsDir { get; init; }

    /// <summary>
    /// Where torrents download until complete, after which their files move to <see cref="DownloadsDir"/>; null to
    /// download straight into it. Keeps half-written files out of the media library.
    /// </summary>
    public string? IncompleteDir { get; init; }

    /// <summary>A folder polled for .torrent files to add; null for none.</summary>
    public string? WatchDir { get; init; }

    /// <summary>Torrents downloading or seeding at once (the rest wait in the queue).</summary>
    public int MaxActiveTorrents { get; init; } = 4;

    /// <summary>Peer connections across all torrents.</summary>
    public int MaxPeers { get; init; } = 200;

    /// <summary>Peer connections per torrent.</summary>
    public int MaxPeersPerTorrent { get; init; } = 50;

    /// <summary>Write cache for pieces being assembled, in MiB.</summary>
    public int DiskCacheMb { get; init; } = 16;

    /// <summary>Threads hashing completed pieces.</summary>
    public int HashWorkers { get; init; } = 1;

    /// <summary>Box-wide download cap in bytes per second (0 for none); schedule windows may lower it.</summary>
    public long DownloadLimit { get; init; }

    /// <summary>Box-wide upload cap in bytes per second (0 for none).</summary>
    public long UploadLimit { get; init; }

    /// <summary>Encryption policy.</summary>
    public TorrentEncryption Encryption { get; init; } = TorrentEncryption.Prefer;

    /// <summary>Whether the DHT node runs.</summary>
    public bool DhtEnabled { get; init; } = true;

    /// <summary>Whether local service discovery (BEP 14) announces our torrents on the LAN and finds peers there.</summary>
    public bool LocalDiscovery { get; init; } = true;

    /// <summary>Local discovery's group, interface and interval; null for BEP 14's (tests give a loopback-only setup).</summary>
    internal Discovery.LsdOptions? LocalDiscoveryOptions { get; init; }

    /// <summary>DHT routers to join through (the public ones by default; tests give loopback nodes).</summary>
    public IReadOnlyList<string> DhtBootstrapNodes { get; init; } = Dht.DhtOptions.PublicRouters;

    /// <summary>Stop seeding at this ratio by default (0 seeds forever).</summary>
    public double DefaultSeedRatio { get; init; }

    /// <summary>Stop seeding after this many minutes of seeding by default (0 seeds forever).</summary>
    public double DefaultSeedMinutes { get; init; }
}
