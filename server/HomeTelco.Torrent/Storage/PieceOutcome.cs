namespace HomeTelco.Torrent.Storage;

/// <summary>How hashing a completed piece ended.</summary>
internal enum PieceOutcome
{
    /// <summary>The piece matched and is on disk.</summary>
    Verified,

    /// <summary>The data did not match: one of the contributors sent bad blocks.</summary>
    HashFailed,

    /// <summary>The disk failed us (full, read-only, gone): nobody's fault on the wire; the piece is to be fetched again.</summary>
    DiskError,
}
