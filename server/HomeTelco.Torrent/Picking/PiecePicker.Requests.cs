using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Picking;

/// <summary>The request side of the picker: choosing blocks, their arrival, rejects, timeouts and endgame.</summary>
internal sealed partial class PiecePicker
{
    /// <summary>How many requests to keep in flight with <paramref name="peer"/>, from its measured rate and its reqq.</summary>
    public int RequestDepth(PickerPeer peer)
    {
        ArgumentNullException.ThrowIfNull(peer);
        return RequestPipeline.Depth(peer.DownloadRate, _options.TargetQueueLatency, peer.MaxRequests);
    }

    /// <summary>
    /// True when every missing block of every wanted piece has been asked of someone: from now on a block may be
    /// asked of a second peer, and the slower copy is cancelled when the first arrives.
    /// </summary>
    public bool IsEndgame
    {
        get
        {
            // Every missing wanted piece must be started; fewer started pieces than missing ones settles it at once.
            var missing = _wantedMissing;
            if (missing == 0 || _inProgress.Count < missing)
            {
                return false;
            }

            var started = 0;
            var anyRequested = false;
            foreach (var progress in _inProgress.Values)
            {
                if (_piecePriority[progress.Piece] == FilePriority.Skip)
                {
                    continue;
                }

                if (progress.OpenCount > 0)
                {
                    return false;
                }

                started++;
                anyRequested |= !progress.IsFullyReceived;
            }

            return started == missing && anyRequested;
        }
    }

    /// <summary>
    /// Chooses new blocks to ask of <paramref name="peer"/>, writes them to <paramref name="destination"/> and returns
    /// how many. Fills the peer's queue up to <see cref="RequestDepth"/>; while the peer chokes us only its allowed-fast
    /// pieces qualify. The blocks count as requested from now: send them.
    /// </summary>
    public int Pick(PickerPeer peer, Span<BlockRequest> destination)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!peer.IsConnected)
        {
            return 0;
        }

        var room = Math.Min(destination.Length, RequestDepth(peer) - peer.Outstanding.Count);
        if (room <= 0)
        {
            return 0;
        }

        var slots = destination[..room];
        var written = 0;
        if (peer.IsChokingUs)
        {
            foreach (var piece in peer.AllowedFast)
            {
                if (written < slots.Length && IsCandidate(peer, piece))
                {
                    written += RequestOpenBlocks(peer, piece, slots[written..]);
                }
            }

            return written;
        }

        // Each round takes a piece with an open block for this peer and requests at least one of its blocks, so the
        // loop ends after at most one round per piece.
        for (var round = 0; written < slots.Length && round <= _layout.PieceCount; round++)
        {
            var piece = ChoosePiece(peer);
            if (piece < 0)
            {
                break;
            }

            written += RequestOpenBlocks(peer, piece, slots[written..]);
        }

        if (written < slots.Length && IsEndgame)
        {
            written += RequestEndgameBlocks(peer, slots[written..]);
        }

        return written;
    }

    /// <summary>
    /// A block arrived from <paramref name="peer"/>. Other peers asked for the same block (endgame) are added to
    /// <paramref name="cancels"/>: send each of them a cancel.
    /// </summary>
    public BlockOutcome BlockReceived(PickerPeer peer, BlockRequest block, List<PeerBlock> cancels)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(cancels);
        peer.Outstanding.Remove(block);
        if (!IsValidBlock(block) || (_piecePriority[block.Piece] == FilePriority.Skip && !_inProgress.ContainsKey(block.Piece)))
        {
            return BlockOutcome.Unwanted;
        }

        if (_have[block.Piece])
        {
            return BlockOutcome.Duplicate;
        }

        var progress = Progress(block.Piece);
        var slot = progress.Blocks[block.Offset / TorrentLayout.BlockSize];
        if (slot.State == BlockState.Received)
        {
            return BlockOutcome.Duplicate;
        }

        foreach (var (other, _) in slot.Requesters)
        {
            if (!ReferenceEquals(other, peer))
            {
                other.Outstanding.Remove(block);
                cancels.Add(new PeerBlock(other, block));
            }
        }

        if (slot.State == BlockState.Open)
        {
            progress.OpenCount--;
        }

        slot.Requesters.Clear();
        slot.State = BlockState.Received;
        slot.DeliveredBy = peer;
        progress.ReceivedCount++;
        return progress.IsFullyReceived ? BlockOutcome.PieceComplete : BlockOutcome.Accepted;
    }

    /// <summary>The peer rejected a request (BEP 6 reject-request), or we cancelled it: the block goes back to the pool.</summary>
    public void RequestRejected(PickerPeer peer, BlockRequest block)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (peer.Outstanding.Remove(block))
        {
            Release(peer, block);
        }
    }

    /// <summary>
    /// Requests unanswered for <see cref="PickerOptions.RequestTimeout"/> go back to the pool, and are not asked of
    /// the same peer again while another can serve them. Each is added to <paramref name="expired"/>: send a cancel.
    /// Call it every second or so.
    /// </summary>
    public void ExpireRequests(List<PeerBlock> expired)
    {
        ArgumentNullException.ThrowIfNull(expired);
        var now = _time.GetTimestamp();
        foreach (var progress in _inProgress.Values)
        {
            for (var b = 0; b < progress.Blocks.Length; b++)
            {
                var slot = progress.Blocks[b];
                if (slot.State != BlockState.Requested)
                {
                    continue;
                }

                for (var r = slot.Requesters.Count - 1; r >= 0; r--)
                {
                    var (peer, at) = slot.Requesters[r];
                    if (_time.GetElapsedTime(at, now) < _options.RequestTimeout)
                    {
                        continue;
                    }

                    var block = BlockOf(progress.Piece, b);
                    peer.Outstanding.Remove(block);
                    slot.Requesters.RemoveAt(r);
                    slot.TimedOutWith = peer;
                    expired.Add(new PeerBlock(peer, block));
                }

                if (slot.Requesters.Count == 0)
                {
                    slot.State = BlockState.Open;
                    progress.OpenCount++;
                }
            }
        }
    }

    private int RequestOpenBlocks(PickerPeer peer, int piece, Span<BlockRequest> destination)
    {
        var progress = Progress(piece);
        var now = _time.GetTimestamp();
        var written = 0;
        for (var b = 0; b < progress.Blocks.Length && written < destination.Length; b++)
        {
            var slot = progress.Blocks[b];
            if (slot.State != BlockState.Open || ReferenceEquals(slot.TimedOutWith, peer))
            {
                continue;
            }

            slot.State = BlockState.Requested;
            slot.Requesters.Add((peer, now));
            progress.OpenCount--;
            var block = BlockOf(piece, b);
            peer.Outstanding.Add(block);
            destination[written++] = block;
        }

        return written;
    }

    /// <summary>Endgame: blocks already asked of others (fewer than the cap), that this peer has and was not asked for.</summary>
    private int RequestEndgameBlocks(PickerPeer peer, Span<BlockRequest> destination)
    {
        var now = _time.GetTimestamp();
        var written = 0;
        foreach (var progress in _inProgress.Values)
        {
            if (!peer.Has[progress.Piece])
            {
                continue;
            }

            for (var b = 0; b < progress.Blocks.Length && written < destination.Length; b++)
            {
                var slot = progress.Blocks[b];
                if (slot.State != BlockState.Requested || slot.Requesters.Count >= _options.EndgameRequestsPerBlock || IsAskedOf(slot, peer))
                {
                    continue;
                }

                slot.Requesters.Add((peer, now));
                var block = BlockOf(progress.Piece, b);
                peer.Outstanding.Add(block);
                destination[written++] = block;
            }
        }

        return written;
    }

    private static bool IsAskedOf(BlockSlot slot, PickerPeer peer)
    {
        foreach (var (other, _) in slot.Requesters)
        {
            if (ReferenceEquals(other, peer))
            {
                return true;
            }
        }

        return false;
    }

    private void ReleaseAll(PickerPeer peer)
    {
        foreach (var block in peer.Outstanding)
        {
            Release(peer, block);
        }

        peer.Outstanding.Clear();
    }

    /// <summary>Takes the peer off the block's requesters; with nobody left asked, the block is open again.</summary>
    private void Release(PickerPeer peer, BlockRequest block)
    {
        if (!_inProgress.TryGetValue(block.Piece, out var progress))
        {
            return;
        }

        var slot = progress.Blocks[block.Offset / TorrentLayout.BlockSize];
        if (slot.State != BlockState.Requested)
        {
            return;
        }

        for (var r = slot.Requesters.Count - 1; r >= 0; r--)
        {
            if (ReferenceEquals(slot.Requesters[r].Peer, peer))
            {
                slot.Requesters.RemoveAt(r);
            }
        }

        if (slot.Requesters.Count == 0)
        {
            slot.State = BlockState.Open;
            progress.OpenCount++;
        }
    }

    private PieceProgress Progress(int piece)
    {
        if (!_inProgress.TryGetValue(piece, out var progress))
        {
            progress = new PieceProgress(piece, _layout.BlockCount(piece));
            _inProgress.Add(piece, progress);
        }

        return progress;
    }

    private bool IsValidBlock(BlockRequest block)
    {
        if ((uint)block.Piece >= (uint)_layout.PieceCount || block.Offset < 0 || block.Offset % TorrentLayout.BlockSize != 0)
        {
            return false;
        }

        var size = _layout.PieceSize(block.Piece);
        return block.Offset < size && block.Length == Math.Min(TorrentLayout.BlockSize, size - block.Offset);
    }

    private BlockRequest BlockOf(int piece, int block)
    {
        var offset = block * TorrentLayout.BlockSize;
        return new BlockRequest(piece, offset, Math.Min(TorrentLayout.BlockSize, _layout.PieceSize(piece) - offset));
    }
}
