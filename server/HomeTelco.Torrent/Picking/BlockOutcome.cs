namespace HomeTelco.Torrent.Picking;

/// <summary>What the picker made of a block a peer sent.</summary>
internal enum BlockOutcome
{
    /// <summary>Not a block of this torrent we could want (bad index, offset or length; a piece we skip): drop it, count it against the peer.</summary>
    Unwanted,

    /// <summary>Another peer's copy arrived first (endgame, or a late answer to a timed-out request): discard the data.</summary>
    Duplicate,

    /// <summary>New data: write it.</summary>
    Accepted,

    /// <summary>New data and the last missing block of its piece: write it, then hash the piece and report with <see cref="PiecePicker.PieceVerified"/>.</summary>
    PieceComplete,
}
