using HomeTelco.Torrent.Pieces;

namespace HomeTelco.Torrent.Resume;

/// <summary>What to believe at start: pieces trusted from resume data, and pieces to re-check by hashing them from disk.</summary>
/// <param name="Trusted">Pieces taken as verified without reading them.</param>
/// <param name="ToCheck">Pieces whose bytes may be on disk but cannot be trusted, in ascending order.</param>
/// <param name="ChangedFiles">Files whose size or write time differs from the resume data (or that resume data cannot vouch for).</param>
/// <param name="CleanStop">Whether the resume data came from a clean stop.</param>
/// <param name="Unusable">Why the resume data was ignored, or null when it was used (or there was none).</param>
internal sealed record ResumePlan(Bitfield Trusted, IReadOnlyList<int> ToCheck, int ChangedFiles, bool CleanStop, string? Unusable);
