using System.Buffers.Binary;
using System.Net;

namespace HomeTelco.Torrent.Dht;

/// <summary>A node as others describe it: its id and the UDP address it answers on.</summary>
/// <param name="Id">The node's id.</param>
/// <param name="EndPoint">IPv4 address and port.</param>
public sealed record DhtContact(NodeId Id, IPEndPoint EndPoint);

/// <summary>
/// BEP 5's compact forms: 6 bytes per peer (IPv4, port) and 26 per node (id, IPv4, port), both big-endian.
/// Only IPv4 is carried: this node does not speak BEP 32's nodes6 yet.
/// </summary>
public static class CompactFormat
{
    /// <summary>Bytes of one compact peer.</summary>
    public const int PeerLength = 6;

    /// <summary>Bytes of one compact node.</summary>
    public const int NodeLength = NodeId.Length + PeerLength;

    /// <summary>Writes an IPv4 end point as 6 bytes; false for IPv6 (which the compact IPv4 form cannot carry).</summary>
    public static bool TryWritePeer(IPEndPoint endPoint, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var address = endPoint.Address.IsIPv4MappedToIPv6 ? endPoint.Address.MapToIPv4() : endPoint.Address;
        if (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || destination.Length < PeerLength)
        {
            return false;
        }

        address.TryWriteBytes(destination, out _);
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], (ushort)endPoint.Port);
        return true;
    }

    /// <summary>Reads 6 bytes as an IPv4 end point; port 0 is refused (nobody listens there).</summary>
    public static IPEndPoint? ReadPeer(ReadOnlySpan<byte> source)
    {
        if (source.Length < PeerLength)
        {
            return null;
        }

        var port = BinaryPrimitives.ReadUInt16BigEndian(source[4..]);
        return port == 0 ? null : new IPEndPoint(new IPAddress(source[..4]), port);
    }

    /// <summary>Reads a string of compact nodes; a length that is not a multiple of 26 yields nothing (a malformed reply).</summary>
    public static List<DhtContact> ReadNodes(ReadOnlySpan<byte> source, int max)
    {
        var nodes = new List<DhtContact>();
        if (source.Length % NodeLength != 0)
        {
            return nodes;
        }

        for (var offset = 0; offset < source.Length && nodes.Count < max; offset += NodeLength)
        {
            var endPoint = ReadPeer(source.Slice(offset + NodeId.Length, PeerLength));
            if (endPoint is not null)
            {
                nodes.Add(new DhtContact(NodeId.FromBytes(source.Slice(offset, NodeId.Length)), endPoint));
            }
        }

        return nodes;
    }

    /// <summary>Writes nodes in compact form, skipping any that are not IPv4.</summary>
    public static byte[] WriteNodes(IReadOnlyList<DhtContact> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var buffer = new byte[nodes.Count * NodeLength];
        var written = 0;
        foreach (var node in nodes)
        {
            var slot = buffer.AsSpan(written, NodeLength);
            if (TryWritePeer(node.EndPoint, slot[NodeId.Length..]))
            {
                node.Id.CopyTo(slot);
                written += NodeLength;
            }
        }

        return written == buffer.Length ? buffer : buffer[..written];
    }
}
