namespace HomeTelco.Torrent.Picking;

/// <summary>The blocks of one piece we have started: which are open, asked of whom and since when, and which arrived.</summary>
internal sealed class PieceProgress
{
    public PieceProgress(int piece, int blockCount)
    {
        Piece = piece;
        Blocks = new BlockSlot[blockCount];
        for (var i = 0; i < blockCount; i++)
        {
            Blocks[i] = new BlockSlot();
        }

        OpenCount = blockCount;
    }

    public int Piece { get; }

    public BlockSlot[] Blocks { get; }

    /// <summary>Blocks nobody has been asked for (and that have not arrived).</summary>
    public int OpenCount { get; set; }

    public int ReceivedCount { get; set; }

    public bool IsFullyReceived => ReceivedCount == Blocks.Length;

    /// <summary>True when some open block may be asked of <paramref name="peer"/> (one that timed out with it is not).</summary>
    public bool HasOpenBlockFor(PickerPeer peer)
    {
        if (OpenCount == 0)
        {
            return false;
        }

        foreach (var slot in Blocks)
        {
            if (slot.State == BlockState.Open && !ReferenceEquals(slot.TimedOutWith, peer))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>Where a block stands.</summary>
internal enum BlockState
{
    Open,
    Requested,
    Received,
}

/// <summary>One block of a started piece.</summary>
internal sealed class BlockSlot
{
    public BlockState State { get; set; }

    /// <summary>Peers asked for it, with the timestamp of each request; more than one only in endgame.</summary>
    public List<(PickerPeer Peer, long At)> Requesters { get; } = new(1);

    /// <summary>The last peer that let this block time out: not asked again for it while others can be.</summary>
    public PickerPeer? TimedOutWith { get; set; }

    /// <summary>Who sent the data (to blame when the piece fails its hash).</summary>
    public PickerPeer? DeliveredBy { get; set; }
}
