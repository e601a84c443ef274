using System.Net;

namespace HomeTelco.Torrent.Dht;

/// <summary>How the DHT node listens, whom it asks first, and the bounds on its work.</summary>
public sealed record DhtOptions
{
    /// <summary>The well-known routers a fresh node joins the public DHT through; for users, never for tests.</summary>
    public static readonly IReadOnlyList<string> PublicRouters =
        ["router.bittorrent.com:6881", "dht.transmissionbt.com:6881", "router.utorrent.com:6881"];

    /// <summary>Address to bind; null for all IPv4 addresses.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>UDP port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>"host:port" nodes to join through when the saved routing table is empty or stale.</summary>
    public IReadOnlyList<string> BootstrapNodes { get; init; } = PublicRouters;

    /// <summary>How long to wait for one answer.</summary>
    public TimeSpan QueryTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Queries in flight per lookup (Kademlia's alpha).</summary>
    public int Parallelism { get; init; } = 3;

    /// <summary>Upper bound on queries one lookup may send.</summary>
    public int MaxQueriesPerLookup { get; init; } = 128;

    /// <summary>Upper bound on a lookup's duration.</summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Queries per second one source address may send us before the rest are dropped.</summary>
    public int QueriesPerSecondPerSource { get; init; } = 25;

    /// <summary>How often the routing table is saved to the store.</summary>
    public TimeSpan SaveInterval { get; init; } = TimeSpan.FromMinutes(10);
}

/// <summary>What survives a restart: our id (BEP 5 asks that it stay the same) and the nodes we knew.</summary>
/// <param name="Self">Our node id.</param>
/// <param name="Nodes">The routing table's nodes.</param>
public sealed record DhtState(NodeId Self, IReadOnlyList<DhtContact> Nodes);

/// <summary>Where the DHT keeps its state between runs.</summary>
public interface IDhtStateStore
{
    /// <summary>The saved state, or null on first start.</summary>
    DhtState? Load();

    /// <summary>Replaces the saved state.</summary>
    void Save(DhtState state);
}
