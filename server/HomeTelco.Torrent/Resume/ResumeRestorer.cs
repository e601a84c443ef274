using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Resume;

/// <summary>
/// Brings a torrent back at start: loads its resume data, trusts what can be trusted, re-checks the rest from disk
/// (bounded parallelism, with progress) and fills <see cref="VerifiedPieces"/>. The engine then saves once with the
/// clean-stop marker off, so a crash from here on is recognised.
/// </summary>
internal static class ResumeRestorer
{
    /// <summary>Restores <paramref name="verified"/>; returns the plan that was followed.</summary>
    public static async Task<ResumePlan> RestoreAsync(
        TorrentResumeStore store,
        InfoHash infoHash,
        TorrentStorage storage,
        IPieceVerifier verifier,
        VerifiedPieces verified,
        int parallelism,
        IProgress<RecheckProgress>? progress,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(verified);
        var plan = ResumePlanner.Plan(storage.Layout, store.Load(infoHash), storage.StatFiles());
        if (plan.Unusable is { } reason)
        {
            Log.ResumeUnusable(logger, infoHash.ToHex(), reason);
        }

        for (var piece = plan.Trusted.NextSet(0); piece >= 0; piece = plan.Trusted.NextSet(piece + 1))
        {
            verified.Set(piece);
        }

        Log.ResumePlanned(logger, storage.Folder, plan.Trusted.Count, plan.ToCheck.Count, plan.CleanStop, plan.ChangedFiles);
        if (plan.ToCheck.Count > 0)
        {
            var good = await PieceRechecker.RecheckAsync(storage, verifier, verified, plan.ToCheck, parallelism, progress, cancellationToken).ConfigureAwait(false);
            Log.RecheckDone(logger, storage.Folder, good, plan.ToCheck.Count);
        }

        return plan;
    }
}
