namespace HomeTelco.Torrent.Resume;

/// <summary>How far a re-check has come.</summary>
/// <param name="Checked">Pieces hashed so far.</param>
/// <param name="Total">Pieces to hash in all.</param>
/// <param name="Good">Pieces that verified so far.</param>
internal readonly record struct RecheckProgress(int Checked, int Total, int Good);
