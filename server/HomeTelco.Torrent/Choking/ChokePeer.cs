namespace HomeTelco.Torrent.Choking;

/// <summary>
/// What the choker knows of one peer. The engine keeps the interest flags and rates up to date and calls
/// <see cref="Choker.PieceReceived"/>; the choker sets <see cref="IsUnchoked"/>, and <see cref="Changed"/> tells the
/// engine to send a choke or unchoke message.
/// </summary>
internal sealed class ChokePeer
{
    internal ChokePeer(long connectedAt)
    {
        ConnectedAt = connectedAt;
    }

    /// <summary>The peer is interested in us: only such peers get a slot (an unchoke it cannot use is wasted).</summary>
    public bool IsInterested { get; set; }

    /// <summary>We are interested in the peer: only then can it snub us.</summary>
    public bool AmInterested { get; set; }

    /// <summary>Bytes per second of piece data from the peer to us (recent average).</summary>
    public long DownloadRate { get; set; }

    /// <summary>Bytes per second of piece data from us to the peer (recent average).</summary>
    public long UploadRate { get; set; }

    /// <summary>Whether the peer should be unchoked now, as the last <see cref="Choker.Recalculate"/> decided.</summary>
    public bool IsUnchoked { get; internal set; }

    /// <summary>True when the peer holds the optimistic slot.</summary>
    public bool IsOptimistic { get; internal set; }

    /// <summary>True when the last recalculation flipped <see cref="IsUnchoked"/>: send the message.</summary>
    public bool Changed { get; internal set; }

    internal long ConnectedAt { get; }

    internal long? LastPieceAt { get; set; }

    internal long? UnchokedAt { get; set; }

    internal bool Selected { get; set; }
}
