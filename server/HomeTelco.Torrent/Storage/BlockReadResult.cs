namespace HomeTelco.Torrent.Storage;

/// <summary>What came of a read for a peer's request.</summary>
internal enum BlockReadResult
{
    /// <summary>The bytes are in the buffer.</summary>
    Read,

    /// <summary>We do not have that piece verified: never serve unverified bytes.</summary>
    NotVerified,

    /// <summary>The request does not lie inside the piece (or the piece does not exist).</summary>
    OutOfRange,

    /// <summary>The file is gone or cut short on disk: the piece should be re-checked.</summary>
    Missing,
}
