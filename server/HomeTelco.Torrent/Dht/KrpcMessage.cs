using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Dht;

/// <summary>What a KRPC datagram is (BEP 5): a query, a response or an error.</summary>
internal enum KrpcKind
{
    Query,
    Response,
    Error,
}

/// <summary>
/// One received KRPC message, checked for the shape BEP 5 requires before anything acts on it:
/// a transaction id, a kind, and for queries and responses a 20-byte sender id.
/// </summary>
internal sealed class KrpcMessage
{
    /// <summary>Largest datagram we read: KRPC messages fit comfortably in one unfragmented UDP packet.</summary>
    public const int MaxDatagram = 1500;

    private static readonly BencodeLimits Limits = BencodeLimits.PeerMessage;

    private KrpcMessage(ReadOnlyMemory<byte> transactionId, KrpcKind kind)
    {
        TransactionId = transactionId;
        Kind = kind;
    }

    /// <summary>The asker's opaque transaction id, echoed in the answer.</summary>
    public ReadOnlyMemory<byte> TransactionId { get; }

    /// <summary>Query, response or error.</summary>
    public KrpcKind Kind { get; }

    /// <summary>The method of a query ("ping", "find_node", "get_peers", "announce_peer").</summary>
    public string? Method { get; private init; }

    /// <summary>A query's "a" or a response's "r" dictionary.</summary>
    public BDictionary? Body { get; private init; }

    /// <summary>The sender's id from the body.</summary>
    public NodeId Sender { get; private init; }

    /// <summary>BEP 43: the sender is read-only and must not be added to routing tables.</summary>
    public bool ReadOnly { get; private init; }

    /// <summary>An error's code (201 generic, 202 server, 203 protocol, 204 method unknown).</summary>
    public long ErrorCode { get; private init; }

    /// <summary>An error's text.</summary>
    public string? ErrorMessage { get; private init; }

    /// <summary>Reads a datagram; false with a reason when it is not a well-formed KRPC message.</summary>
    public static bool TryParse(ReadOnlyMemory<byte> datagram, out KrpcMessage? message, out string? error)
    {
        message = null;
        if (datagram.Length > MaxDatagram)
        {
            error = "datagram too large";
            return false;
        }

        if (!Bencode.TryDecode(datagram, Limits, out var value, out error))
        {
            return false;
        }

        if (value is not BDictionary root
            || !root.TryGet<BString>("t", out var t) || t is null || t.Bytes.Length is 0 or > 16
            || !root.TryGet<BString>("y", out var y) || y is null)
        {
            error = "not a KRPC dictionary with t and y";
            return false;
        }

        switch (y.Text)
        {
            case "q":
                if (!root.TryGet<BString>("q", out var q) || q is null || !root.TryGet<BDictionary>("a", out var a) || a is null
                    || !TryReadId(a, out var queryId))
                {
                    error = "query without q, a or a 20-byte id";
                    return false;
                }

                message = new KrpcMessage(t.Bytes, KrpcKind.Query)
                {
                    Method = q.Text,
                    Body = a,
                    Sender = queryId,
                    ReadOnly = root.TryGet<BInteger>("ro", out var ro) && ro is { Value: 1 },
                };
                return true;
            case "r":
                if (!root.TryGet<BDictionary>("r", out var r) || r is null || !TryReadId(r, out var responseId))
                {
                    error = "response without r or a 20-byte id";
                    return false;
                }

                message = new KrpcMessage(t.Bytes, KrpcKind.Response) { Body = r, Sender = responseId };
                return true;
            case "e":
                var list = root["e"] as BList;
                var code = list is { Items.Count: >= 1 } && list.Items[0] is BInteger c ? c.Value : 201;
                var text = list is { Items.Count: >= 2 } && list.Items[1] is BString m ? m.Text : "";
                message = new KrpcMessage(t.Bytes, KrpcKind.Error) { ErrorCode = code, ErrorMessage = text };
                return true;
            default:
                error = "unknown message kind";
                return false;
        }
    }

    private static bool TryReadId(BDictionary body, out NodeId id)
    {
        if (body.TryGet<BString>("id", out var raw) && raw is { Bytes.Length: NodeId.Length })
        {
            id = NodeId.FromBytes(raw.Bytes.Span);
            return true;
        }

        id = default;
        return false;
    }
}
