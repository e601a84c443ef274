using System.Buffers;
using System.Net;
using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Dht;

/// <summary>
/// Writes the KRPC messages this node sends. Keys are written in sorted order by hand (the writer refuses
/// anything else), so every message is canonical bencode.
/// </summary>
internal static class KrpcWriter
{
    // BEP 20-style client version: two letters and two bytes of version.
    private static readonly byte[] Version = "HT\0\u0001"u8.ToArray();

    public static byte[] Ping(ushort transaction, NodeId self) =>
        Query(transaction, "ping", w => WriteId(w, self));

    public static byte[] FindNode(ushort transaction, NodeId self, NodeId target) =>
        Query(transaction, "find_node", w =>
        {
            WriteId(w, self);
            w.String("target");
            WriteNodeId(w, target);
        });

    public static byte[] GetPeers(ushort transaction, NodeId self, NodeId infoHash) =>
        Query(transaction, "get_peers", w =>
        {
            WriteId(w, self);
            w.String("info_hash");
            WriteNodeId(w, infoHash);
        });

    public static byte[] AnnouncePeer(ushort transaction, NodeId self, NodeId infoHash, int port, ReadOnlySpan<byte> token)
    {
        var tokenCopy = token.ToArray();
        return Query(transaction, "announce_peer", w =>
        {
            WriteId(w, self);
            // implied_port 0: the peer port is the TCP port we name, not our DHT socket's UDP port.
            w.String("implied_port");
            w.Integer(0);
            w.String("info_hash");
            WriteNodeId(w, infoHash);
            w.String("port");
            w.Integer(port);
            w.String("token");
            w.String(tokenCopy);
        });
    }

    /// <summary>A response: our id, and optionally compact nodes, a token and peer values.</summary>
    public static byte[] Response(ReadOnlySpan<byte> transaction, NodeId self, byte[]? nodes, byte[]? token, IReadOnlyList<IPEndPoint>? values)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        var w = new BencodeWriter(buffer);
        w.BeginDictionary();
        w.String("r");
        w.BeginDictionary();
        WriteId(w, self);
        if (nodes is not null)
        {
            w.String("nodes");
            w.String(nodes);
        }

        if (token is not null)
        {
            w.String("token");
            w.String(token);
        }

        if (values is { Count: > 0 })
        {
            w.String("values");
            w.BeginList();
            Span<byte> compact = stackalloc byte[CompactFormat.PeerLength];
            foreach (var peer in values)
            {
                if (CompactFormat.TryWritePeer(peer, compact))
                {
                    w.String(compact);
                }
            }

            w.End();
        }

        w.End();
        w.String("t");
        w.String(transaction);
        w.String("v");
        w.String(Version);
        w.String("y");
        w.String("r");
        w.End();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>An error answer (BEP 5 codes: 201 generic, 202 server, 203 protocol, 204 method unknown).</summary>
    public static byte[] Error(ReadOnlySpan<byte> transaction, int code, string message)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        var w = new BencodeWriter(buffer);
        w.BeginDictionary();
        w.String("e");
        w.BeginList();
        w.Integer(code);
        w.String(message);
        w.End();
        w.String("t");
        w.String(transaction);
        w.String("v");
        w.String(Version);
        w.String("y");
        w.String("e");
        w.End();
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Query(ushort transaction, string method, Action<BencodeWriter> arguments)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        var w = new BencodeWriter(buffer);
        w.BeginDictionary();
        w.String("a");
        w.BeginDictionary();
        arguments(w);
        w.End();
        w.String("q");
        w.String(method);
        w.String("t");
        Span<byte> t = [(byte)(transaction >> 8), (byte)transaction];
        w.String(t);
        w.String("v");
        w.String(Version);
        w.String("y");
        w.String("q");
        w.End();
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteId(BencodeWriter w, NodeId self)
    {
        w.String("id");
        WriteNodeId(w, self);
    }

    private static void WriteNodeId(BencodeWriter w, NodeId id)
    {
        Span<byte> bytes = stackalloc byte[NodeId.Length];
        id.CopyTo(bytes);
        w.String(bytes);
    }
}
