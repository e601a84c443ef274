using System.Net;

namespace HomeTelco.Torrent.Dht;

/// <summary>
/// Peers other nodes announced to us (announce_peer), so we can answer get_peers for swarms near our id.
/// Bounded in swarms and in peers per swarm, and entries expire: hostile announcers can fill it, never grow it.
/// Not thread-safe: the DHT node guards it.
/// </summary>
internal sealed class DhtPeerStore(TimeProvider time, int maxSwarms = 2_000, int maxPeersPerSwarm = 100)
{
    /// <summary>An announcement lives this long unless renewed (clients re-announce about every 15–30 minutes).</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(45);

    private readonly Dictionary<NodeId, Dictionary<IPEndPoint, DateTimeOffset>> _swarms = [];

    /// <summary>Swarms with at least one peer.</summary>
    public int SwarmCount => _swarms.Count;

    /// <summary>Records or renews <paramref name="peer"/> for <paramref name="swarm"/>; false when the store is full.</summary>
    public bool Add(NodeId swarm, IPEndPoint peer)
    {
        var now = time.GetUtcNow();
        if (!_swarms.TryGetValue(swarm, out var peers))
        {
            if (_swarms.Count >= maxSwarms)
            {
                Expire();
                if (_swarms.Count >= maxSwarms)
                {
                    return false;
                }
            }

            peers = [];
            _swarms[swarm] = peers;
        }

        if (!peers.ContainsKey(peer) && peers.Count >= maxPeersPerSwarm)
        {
            // Full: the stalest announcement makes room, so a swarm's newest peers are the ones we know.
            var stalest = peers.MinBy(p => p.Value).Key;
            peers.Remove(stalest);
        }

        peers[peer] = now;
        return true;
    }

    /// <summary>Up to <paramref name="max"/> live peers of <paramref name="swarm"/>, freshest first.</summary>
    public List<IPEndPoint> Get(NodeId swarm, int max)
    {
        if (!_swarms.TryGetValue(swarm, out var peers))
        {
            return [];
        }

        var cutoff = time.GetUtcNow() - Lifetime;
        return [.. peers.Where(p => p.Value >= cutoff).OrderByDescending(p => p.Value).Take(max).Select(p => p.Key)];
    }

    /// <summary>Drops expired announcements and empty swarms.</summary>
    public void Expire()
    {
        var cutoff = time.GetUtcNow() - Lifetime;
        foreach (var (swarm, peers) in _swarms.ToList())
        {
            foreach (var stale in peers.Where(p => p.Value < cutoff).Select(p => p.Key).ToList())
            {
                peers.Remove(stale);
            }

            if (peers.Count == 0)
            {
                _swarms.Remove(swarm);
            }
        }
    }
}
