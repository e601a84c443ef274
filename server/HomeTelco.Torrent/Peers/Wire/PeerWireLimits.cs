namespace HomeTelco.Torrent.Peers.Wire;

/// <summary>
/// What the reader accepts before it calls a peer hostile. Blocks are 16 KiB by every client's practice
/// (BEP 3 says larger requests may be closed on); everything else but a bitfield is small.
/// </summary>
/// <param name="PieceCount">Pieces in the torrent, which sizes the bitfield; 0 while the metadata is unknown (magnet).</param>
/// <param name="MaxBlockLength">Largest block in request, cancel, reject and piece.</param>
/// <param name="MaxMessageLength">Largest message of any other kind (extended messages carry ut_metadata pieces).</param>
internal sealed record PeerWireLimits(int PieceCount, int MaxBlockLength = PeerWireLimits.BlockLength, int MaxMessageLength = 1 << 20)
{
    /// <summary>The block size every client requests.</summary>
    public const int BlockLength = 16 * 1024;

    /// <summary>The largest message the framing accepts for <paramref name="id"/>; 0 means "this id has a fixed length" checked by the parser.</summary>
    public int MaxLengthFor(PeerMessageId id) => id switch
    {
        PeerMessageId.Piece => 9 + MaxBlockLength,
        PeerMessageId.Bitfield => 1 + (PieceCount > 0 ? (PieceCount + 7) / 8 : MaxMessageLength),
        _ => MaxMessageLength,
    };
}
