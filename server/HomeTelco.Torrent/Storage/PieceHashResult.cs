namespace HomeTelco.Torrent.Storage;

/// <summary>What became of a completed piece.</summary>
/// <param name="Piece">Piece index.</param>
/// <param name="Outcome">Verified and on disk, bad data (dropped), or a disk failure.</param>
/// <param name="Contributors">Every peer that sent a block of it, each once: on a failure the liar is among them.</param>
/// <param name="FailedBlocks">
/// On a hash failure, who sent each block and a digest of what it sent (by block index), so the engine can tell the liar
/// from honest co-contributors once the piece passes later; null otherwise.
/// </param>
internal sealed record PieceHashResult<TPeer>(int Piece, PieceOutcome Outcome, IReadOnlyList<TPeer> Contributors, IReadOnlyList<BlockDigest<TPeer>>? FailedBlocks = null)
{
    /// <summary>True when the piece is verified and on disk.</summary>
    public bool Passed => Outcome == PieceOutcome.Verified;
}

/// <summary>One block of a piece that failed its hash: who sent it and a digest of the bytes it sent.</summary>
internal readonly record struct BlockDigest<TPeer>(TPeer Peer, byte[] Digest)
{
    /// <summary>The digest used for blocks: SHA-256 of the block's bytes (only computed on the rare failure path).</summary>
    public static byte[] Of(ReadOnlySpan<byte> block) => System.Security.Cryptography.SHA256.HashData(block);
}
