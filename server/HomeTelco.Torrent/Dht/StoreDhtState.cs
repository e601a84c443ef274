using System.Globalization;
using System.Net;
using HomeTelco.Core.Store;

namespace HomeTelco.Torrent.Dht;

/// <summary>Keeps the DHT's id and routing table as one document in the store's <c>dht_state</c> collection.</summary>
internal sealed class StoreDhtState(HomeStore store) : IDhtStateStore
{
    private const int DocumentId = 1;

    public DhtState? Load()
    {
        var document = store.Collection<DhtStateDocument>(Collections.DhtState).FindById(DocumentId);
        if (document is null || document.Self is not { Length: NodeId.Length * 2 })
        {
            return null;
        }

        var nodes = new List<DhtContact>();
        foreach (var line in document.Nodes)
        {
            // "<40 hex> <address>:<port>"; an entry that does not read is skipped, not fatal.
            var parts = line.Split(' ');
            if (parts.Length == 2 && parts[0].Length == NodeId.Length * 2 && IPEndPoint.TryParse(parts[1], out var endPoint) && endPoint.Port != 0)
            {
                nodes.Add(new DhtContact(NodeId.FromBytes(Convert.FromHexString(parts[0])), endPoint));
            }
        }

        return new DhtState(NodeId.FromBytes(Convert.FromHexString(document.Self)), nodes);
    }

    public void Save(DhtState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var document = new DhtStateDocument
        {
            Id = DocumentId,
            Self = state.Self.ToString(),
            Nodes = [.. state.Nodes.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Id} {n.EndPoint}"))],
        };
        store.Collection<DhtStateDocument>(Collections.DhtState).Upsert(document);
    }
}

/// <summary>The stored form of <see cref="DhtState"/>: plain strings, so the store needs no custom mapping.</summary>
internal sealed class DhtStateDocument
{
    public int Id { get; set; }

    public string Self { get; set; } = "";

    public List<string> Nodes { get; set; } = [];
}
