namespace HomeTelco.Torrent.Pieces;

/// <summary>
/// Checks a whole piece against the metainfo: SHA-1 per piece for v1, the SHA-256 merkle tree for v2.
/// Called by storage on its hashing threads, never on the network path; must be thread-safe.
/// </summary>
public interface IPieceVerifier
{
    /// <summary>True when <paramref name="data"/> (the whole piece) matches piece <paramref name="piece"/>.</summary>
    bool Verify(int piece, ReadOnlySpan<byte> data);
}
