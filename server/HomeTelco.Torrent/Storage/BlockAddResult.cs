namespace HomeTelco.Torrent.Storage;

/// <summary>What the write cache did with a block from a peer.</summary>
internal enum BlockAddResult
{
    /// <summary>Held (in memory, or on disk when the cache budget was spent); the piece is not complete yet.</summary>
    Accepted,

    /// <summary>The last missing block: the piece is queued for hashing and its result will follow.</summary>
    PieceComplete,

    /// <summary>This block was already held, or its piece is being hashed (endgame duplicates): ignored.</summary>
    Duplicate,

    /// <summary>The piece is already verified: ignored.</summary>
    AlreadyHave,

    /// <summary>Not a block we could have asked for (bad piece, offset not on a block boundary, wrong length).</summary>
    Invalid,
}
