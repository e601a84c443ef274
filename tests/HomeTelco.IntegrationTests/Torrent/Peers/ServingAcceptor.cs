using System.Collections.Concurrent;
using HomeTelco.Torrent;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Extensions;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Pieces;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.IntegrationTests.Torrent.Peers;

/// <summary>
/// The smallest seed that can be built on our peers layer, for tests: accepts inbound peers for one torrent,
/// says have-all, unchokes everyone and answers requests from the torrent's bytes held in memory.
/// </summary>
internal sealed class ServingAcceptor(TestTorrent torrent, PeerConnectionOptions options) : IPeerAcceptor, IPeerConnectionHandler, IAsyncDisposable
{
    private readonly byte[] _content = torrent.Content();
    private readonly ConcurrentBag<PeerConnection> _connections = [];
    private readonly PeerViolationGate _violations = new(TimeProvider.System, TimeSpan.FromMinutes(1));
    private int _blocksServed;

    public IReadOnlyCollection<InfoHash> Torrents => [torrent.InfoHash];

    public int BlocksServed => Volatile.Read(ref _blocksServed);

    public ConcurrentQueue<string> Events { get; } = new();

    public PeerHandshake? Answer(PeerHandshake theirs) => theirs.InfoHash == torrent.InfoHash
        ? new PeerHandshake(PeerHandshake.ExtensionProtocolBit | PeerHandshake.FastExtensionBit, torrent.InfoHash, PeerIdBytes.FromSpan(PeerId.Create()))
        : null;

    public void Accepted(PeerLink link)
    {
        Events.Enqueue($"accepted {link.Remote} encrypted={link.Encrypted}");
        var connection = new PeerConnection(link, torrent.Shape, this, options, _violations, TimeProvider.System, NullLogger.Instance);
        _connections.Add(connection);
        connection.Start();
        connection.SendExtendedHandshake(new ExtendedHandshake
        {
            Extensions = new Dictionary<string, byte> { [PeerExtensionNames.UtMetadata] = PeerExtensionNames.UtMetadataId },
            Client = PeerExtensionNames.Client,
            MetadataSize = torrent.Info.Raw.Length,
        });
        var all = new Bitfield(torrent.Shape.PieceCount);
        all.SetAll();
        connection.SendBitfield(all);
        connection.SendUnchoke();
    }

    public void OnMessage(PeerConnection connection, in PeerMessage message)
    {
        if (message.Id != PeerMessageId.Request)
        {
            return;
        }

        // The connection has already checked the request lies inside the piece.
        var offset = ((long)message.Index * torrent.Shape.PieceLength) + message.Begin;
        if (connection.SendPiece(message.Index, message.Begin, _content.AsMemory((int)offset, message.Length)))
        {
            Interlocked.Increment(ref _blocksServed);
        }
    }

    public void OnBlock(PeerConnection connection, PeerBlock block) => block.Return();

    public void OnClosed(PeerConnection connection, string reason) => Events.Enqueue($"closed {connection.Remote}: {reason}");

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections)
        {
            await connection.DisposeAsync();
        }
    }
}
