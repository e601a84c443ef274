namespace HomeTelco.Torrent.Storage;

/// <summary>What became of a completed piece.</summary>
/// <param name="Piece">Piece index.</param>
/// <param name="Outcome">Verified and on disk, bad data (dropped), or a disk failure.</param>
/// <param name="Contributors">Every peer that sent a block of it, each once: on a failure the liar is among them.</param>
internal sealed record PieceHashResult<TPeer>(int Piece, PieceOutcome Outcome, IReadOnlyList<TPeer> Contributors)
{
    /// <summary>True when the piece is verified and on disk.</summary>
    public bool Passed => Outcome == PieceOutcome.Verified;
}
