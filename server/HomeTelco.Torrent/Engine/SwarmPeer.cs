using System.Net;
using HomeTelco.Torrent.Choking;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Picking;

namespace HomeTelco.Torrent.Engine;

/// <summary>One connected peer as a torrent session sees it: the connection and its standing with the picker and the choker.</summary>
internal sealed class SwarmPeer(PeerConnection connection, ChokePeer choke)
{
    /// <summary>Requests waiting for upload budget beyond this are rejected (a peer asking for more is misbehaving).</summary>
    public const int MaxQueuedUploads = 256;

    public PeerConnection Connection { get; } = connection;

    public ChokePeer Choke { get; } = choke;

    /// <summary>The picker's view of the peer; null while the torrent's metadata is unknown.</summary>
    public PickerPeer? Picker { get; set; }

    public RateMeter Down { get; } = new();

    public RateMeter Up { get; } = new();

    /// <summary>Blocks the peer asked for that wait for upload budget, in order.</summary>
    public Queue<BlockRequest> Uploads { get; } = new();

    /// <summary>Pieces it contributed to that failed their hash check.</summary>
    public int HashFailures { get; set; }

    /// <summary>A ut_metadata piece asked of it and not yet answered, or -1.</summary>
    public int MetadataPieceAsked { get; set; } = -1;

    /// <summary>Where the peer accepts connections (its address and the port from its extended handshake).</summary>
    public IPEndPoint ListenEndPoint =>
        Connection.RemoteExtensions?.ListenPort is int port and > 0 and <= ushort.MaxValue
            ? new IPEndPoint(Connection.Remote.Address, port)
            : Connection.Outbound ? Connection.Remote : new IPEndPoint(Connection.Remote.Address, 0);
}
