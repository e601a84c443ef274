using System.Buffers;
using System.Net;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Engine;

/// <summary>The session's answer to pieces that fail their hash: who is banned, and when.</summary>
internal sealed partial class TorrentSession
{
    /// <summary>
    /// Failures shared with others after which a peer is banned without proof (a last resort), provided it has more of
    /// them than every co-sender: a liar is in every failed piece it touches, an honest peer only in some, so an honest
    /// seeder that keeps sharing pieces with a liar is never the one with the most.
    /// </summary>
    private const int LastResortStrikes = 8;

    private readonly HashFailureBlame _blame = new();

    // Under the lock. A sole sender is certainly the liar. Among several, the failed blocks are kept until the piece
    // passes, and then only the senders of the blocks that differ are banned (see HashFailureBlame). Web seeds among
    // the senders answer for themselves (StrikeWebSeed); this weighs the peers.
    private void BlameFailedPiece(PieceHashResult<object> result)
    {
        var peers = result.Contributors.OfType<SwarmPeer>().ToList();
        if (result.Contributors.Count == 1 && peers.Count == 1)
        {
            Ban(peers[0].Connection.Remote.Address);
            return;
        }

        if (result.FailedBlocks is { } blocks)
        {
            _blame.RecordFailure(result.Piece, [.. blocks.Where(b => b.Peer is SwarmPeer).Select(b => (((SwarmPeer)b.Peer).Connection.Remote.Address, b.Digest))]);
        }

        foreach (var peer in peers)
        {
            peer.HashFailures++;
        }

        foreach (var peer in peers)
        {
            if (peer.HashFailures >= LastResortStrikes && peers.All(other => ReferenceEquals(other, peer) || other.HashFailures < peer.HashFailures))
            {
                Ban(peer.Connection.Remote.Address);
            }
        }
    }

    // Under the lock, when a piece verifies: if it failed before, compare its blocks off the lock.
    private void ClearBlameWhenPassed(int piece)
    {
        if (_blame.IsSuspect(piece) && _reader is { } reader && _meta is { } meta)
        {
            _ = Task.Run(() => ResolveBlame(reader, meta.Layout, piece));
        }
    }

    private void ResolveBlame(PieceReader reader, TorrentLayout layout, int piece)
    {
        var size = layout.PieceSize(piece);
        var good = new byte[]?[layout.BlockCount(piece)];
        var buffer = ArrayPool<byte>.Shared.Rent(TorrentLayout.BlockSize);
        try
        {
            for (var block = 0; block < good.Length; block++)
            {
                var offset = block * TorrentLayout.BlockSize;
                var span = buffer.AsSpan(0, Math.Min(TorrentLayout.BlockSize, size - offset));
                good[block] = reader.Read(piece, offset, span) == BlockReadResult.Read ? BlockDigest<object>.Of(span) : null;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        lock (_gate)
        {
            foreach (var liar in _blame.Resolve(piece, good))
            {
                Ban(liar);
            }
        }
    }

    // Under the lock: never dialled or accepted again, and dropped now.
    private void Ban(IPAddress address)
    {
        _banned.Add(address);
        foreach (var peer in _peers.Values.Where(p => p.Connection.Remote.Address.Equals(address)).ToList())
        {
            peer.Connection.Close("sent data that failed the hash check");
        }
    }
}
