using System.Net;

namespace HomeTelco.Torrent.Dht;

/// <summary>
/// BEP 5's routing table: k-buckets that split only where our own id lies, so the table knows many nodes
/// near us and few far away. Bucket <c>i</c> holds nodes sharing exactly <c>i</c> leading bits with us; the
/// last bucket holds everything closer, and is the only one that splits. Full buckets keep a small
/// replacement cache that is promoted when a member goes bad. Not thread-safe: the DHT node guards it.
/// </summary>
internal sealed class RoutingTable
{
    /// <summary>Nodes per bucket (BEP 5's K).</summary>
    public const int K = 8;

    /// <summary>A node not heard from for this long is questionable (BEP 5).</summary>
    public static readonly TimeSpan QuestionableAfter = TimeSpan.FromMinutes(15);

    /// <summary>Consecutive unanswered queries after which a node is bad.</summary>
    public const int BadAfterFailures = 2;

    private readonly List<Bucket> _buckets = [];
    private readonly TimeProvider _time;

    public RoutingTable(NodeId self, TimeProvider time)
    {
        Self = self;
        _time = time;
        _buckets.Add(new Bucket(time.GetUtcNow()));
    }

    /// <summary>Our own id.</summary>
    public NodeId Self { get; }

    /// <summary>Nodes in the table (not counting replacement caches).</summary>
    public int Count => _buckets.Sum(b => b.Nodes.Count);

    /// <summary>Number of buckets (grows as the bucket holding our id splits).</summary>
    public int BucketCount => _buckets.Count;

    /// <summary>
    /// Records that <paramref name="id"/> at <paramref name="endPoint"/> answered us (<paramref name="responded"/>)
    /// or sent us a query. Returns true when the node is now in the table.
    /// </summary>
    public bool Seen(NodeId id, IPEndPoint endPoint, bool responded)
    {
        if (id == Self)
        {
            return false;
        }

        var now = _time.GetUtcNow();
        var bucket = BucketFor(id);
        var existing = bucket.Nodes.FindIndex(n => n.Id == id);
        if (existing >= 0)
        {
            var node = bucket.Nodes[existing];
            if (!node.EndPoint.Equals(endPoint))
            {
                // Same id from a new address: keep the known one until it goes bad (BEP 42's concern, in its simplest form).
                return true;
            }

            node.LastSeen = now;
            if (responded)
            {
                node.LastResponse = now;
                node.Failures = 0;
            }

            bucket.Touched = now;
            return true;
        }

        // BEP 5: only nodes known to answer belong in the table; a querying node that never answered waits as a replacement.
        var entry = new RoutingNode(id, endPoint) { LastSeen = now, LastResponse = responded ? now : null };
        while (true)
        {
            if (bucket.Nodes.Count < K && responded)
            {
                bucket.Nodes.Add(entry);
                bucket.Touched = now;
                bucket.Replacements.RemoveAll(n => n.Id == id);
                return true;
            }

            var bad = bucket.Nodes.FindIndex(n => n.Failures >= BadAfterFailures);
            if (bad >= 0 && responded)
            {
                bucket.Nodes[bad] = entry;
                bucket.Touched = now;
                return true;
            }

            if (responded && bucket == _buckets[^1] && _buckets.Count < NodeId.Bits)
            {
                Split();
                bucket = BucketFor(id);
                continue;
            }

            bucket.Replacements.RemoveAll(n => n.Id == id);
            bucket.Replacements.Add(entry);
            if (bucket.Replacements.Count > K)
            {
                bucket.Replacements.RemoveAt(0);
            }

            return false;
        }
    }

    /// <summary>Records an unanswered query; a node that goes bad is replaced by the freshest replacement that answered.</summary>
    public void Failed(NodeId id)
    {
        var bucket = BucketFor(id);
        var index = bucket.Nodes.FindIndex(n => n.Id == id);
        if (index < 0)
        {
            bucket.Replacements.RemoveAll(n => n.Id == id);
            return;
        }

        var node = bucket.Nodes[index];
        node.Failures++;
        if (node.Failures < BadAfterFailures)
        {
            return;
        }

        var replacement = bucket.Replacements.FindLastIndex(n => n.LastResponse is not null);
        if (replacement >= 0)
        {
            bucket.Nodes[index] = bucket.Replacements[replacement];
            bucket.Replacements.RemoveAt(replacement);
        }
        else
        {
            bucket.Nodes.RemoveAt(index);
        }
    }

    /// <summary>The <paramref name="count"/> good-or-questionable nodes closest to <paramref name="target"/>, closest first.</summary>
    public List<DhtContact> Closest(NodeId target, int count = K)
    {
        var all = new List<RoutingNode>(Count);
        foreach (var bucket in _buckets)
        {
            all.AddRange(bucket.Nodes.Where(n => n.Failures < BadAfterFailures));
        }

        all.Sort((x, y) => NodeId.CompareDistance(target, x.Id, y.Id));
        return [.. all.Take(count).Select(n => new DhtContact(n.Id, n.EndPoint))];
    }

    /// <summary>Every node in the table, for saving across restarts.</summary>
    public List<DhtContact> All() =>
        [.. _buckets.SelectMany(b => b.Nodes).Select(n => new DhtContact(n.Id, n.EndPoint))];

    /// <summary>Nodes that have been silent for <see cref="QuestionableAfter"/>: ping them to find out whether they are still there.</summary>
    public List<DhtContact> Questionable(int max)
    {
        var cutoff = _time.GetUtcNow() - QuestionableAfter;
        return [.. _buckets.SelectMany(b => b.Nodes)
            .Where(n => n.LastSeen < cutoff)
            .OrderBy(n => n.LastSeen)
            .Take(max)
            .Select(n => new DhtContact(n.Id, n.EndPoint))];
    }

    /// <summary>Random targets inside buckets untouched for 15 minutes: a find_node for each refreshes them (BEP 5).</summary>
    public List<NodeId> RefreshTargets()
    {
        var cutoff = _time.GetUtcNow() - QuestionableAfter;
        var targets = new List<NodeId>();
        for (var i = 0; i < _buckets.Count; i++)
        {
            if (_buckets[i].Touched < cutoff)
            {
                _buckets[i].Touched = _time.GetUtcNow();
                targets.Add(Self.RandomWithPrefix(i));
            }
        }

        return targets;
    }

    private Bucket BucketFor(NodeId id) => _buckets[Math.Min(Self.SharedPrefixLength(id), _buckets.Count - 1)];

    // The last bucket covers every id sharing at least (count - 1) bits with us; splitting moves those
    // sharing more into a new last bucket.
    private void Split()
    {
        var depth = _buckets.Count;
        var old = _buckets[^1];
        var fresh = new Bucket(old.Touched);
        fresh.Nodes.AddRange(old.Nodes.Where(n => Self.SharedPrefixLength(n.Id) >= depth));
        old.Nodes.RemoveAll(n => Self.SharedPrefixLength(n.Id) >= depth);
        fresh.Replacements.AddRange(old.Replacements.Where(n => Self.SharedPrefixLength(n.Id) >= depth));
        old.Replacements.RemoveAll(n => Self.SharedPrefixLength(n.Id) >= depth);
        _buckets.Add(fresh);
    }

    private sealed class Bucket(DateTimeOffset touched)
    {
        public List<RoutingNode> Nodes { get; } = new(K);

        public List<RoutingNode> Replacements { get; } = [];

        public DateTimeOffset Touched { get; set; } = touched;
    }

    private sealed class RoutingNode(NodeId id, IPEndPoint endPoint)
    {
        public NodeId Id { get; } = id;

        public IPEndPoint EndPoint { get; } = endPoint;

        public DateTimeOffset LastSeen { get; set; }

        public DateTimeOffset? LastResponse { get; set; }

        public int Failures { get; set; }
    }
}
