using System.Net;

namespace HomeTelco.Torrent.Dht;

/// <summary>
/// The state of one iterative Kademlia lookup: candidates ordered by distance to the target, which have been
/// asked, which answered, and what they told us. The DHT node drives it; this class only keeps score.
/// Not thread-safe: one lookup runs on one logical flow.
/// </summary>
internal sealed class DhtLookup(NodeId target, int maxPeers = 500)
{
    private readonly List<Candidate> _candidates = [];
    private readonly HashSet<IPEndPoint> _seen = [];
    private readonly HashSet<IPEndPoint> _peers = [];

    /// <summary>The point being looked up.</summary>
    public NodeId Target { get; } = target;

    /// <summary>Peers found in "values" answers.</summary>
    public IReadOnlyCollection<IPEndPoint> Peers => _peers;

    /// <summary>Queries sent so far.</summary>
    public int QueriesSent { get; private set; }

    /// <summary>Adds a node we learned about; endpoints already known are ignored. A null id marks a bootstrap address.</summary>
    public void Offer(NodeId? id, IPEndPoint endPoint)
    {
        if (_seen.Add(endPoint))
        {
            _candidates.Add(new Candidate(id, endPoint));
            _candidates.Sort(CompareCandidates);
        }
    }

    /// <summary>
    /// The next candidate worth asking: an unasked one among the K closest still in play (bootstrap addresses,
    /// whose ids we do not know, come first). Null when none is left.
    /// </summary>
    public Candidate? NextToAsk()
    {
        var considered = 0;
        foreach (var candidate in _candidates)
        {
            if (candidate.State == CandidateState.Failed)
            {
                continue;
            }

            if (candidate.State == CandidateState.Unasked)
            {
                candidate.State = CandidateState.Asked;
                QueriesSent++;
                return candidate;
            }

            if (candidate.Id is not null && ++considered >= RoutingTable.K)
            {
                break;
            }
        }

        return null;
    }

    /// <summary>Records an answer: the node's id, the nodes it pointed to and any peers or token it gave.</summary>
    public void Answered(Candidate candidate, NodeId id, IEnumerable<DhtContact> closer, IEnumerable<IPEndPoint> peers, byte[]? token)
    {
        candidate.Id = id;
        candidate.State = CandidateState.Answered;
        candidate.Token = token;
        foreach (var peer in peers)
        {
            if (_peers.Count >= maxPeers)
            {
                break;
            }

            _peers.Add(peer);
        }

        foreach (var node in closer)
        {
            Offer(node.Id, node.EndPoint);
        }

        _candidates.Sort(CompareCandidates);
    }

    /// <summary>Records a candidate that did not answer.</summary>
    public static void Failed(Candidate candidate) => candidate.State = CandidateState.Failed;

    /// <summary>The K closest nodes that answered, with the tokens they gave (announce_peer goes to these).</summary>
    public List<Candidate> ClosestAnswered() =>
        [.. _candidates.Where(c => c.State == CandidateState.Answered && c.Id is not null).Take(RoutingTable.K)];

    private int CompareCandidates(Candidate x, Candidate y)
    {
        if (x.Id is null || y.Id is null)
        {
            return (x.Id is null ? 0 : 1) - (y.Id is null ? 0 : 1);
        }

        return NodeId.CompareDistance(Target, x.Id.Value, y.Id.Value);
    }

    /// <summary>A node in a lookup.</summary>
    public sealed class Candidate(NodeId? id, IPEndPoint endPoint)
    {
        /// <summary>The node's id once known.</summary>
        public NodeId? Id { get; set; } = id;

        /// <summary>Where it answers.</summary>
        public IPEndPoint EndPoint { get; } = endPoint;

        /// <summary>Where the lookup stands with it.</summary>
        public CandidateState State { get; set; }

        /// <summary>The write token it gave in a get_peers answer.</summary>
        public byte[]? Token { get; set; }
    }

    /// <summary>Where a lookup stands with one candidate.</summary>
    public enum CandidateState
    {
        Unasked,
        Asked,
        Answered,
        Failed,
    }
}
