using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent;

/// <summary>Storage and resume messages: event ids 3400-3499.</summary>
internal static partial class Log
{
    [LoggerMessage(3400, LogLevel.Warning, "Piece {Piece} of {Folder} failed its hash check; blocks came from {Contributors} peer(s).")]
    public static partial void PieceHashFailed(ILogger logger, int piece, string folder, int contributors);

    [LoggerMessage(3401, LogLevel.Error, "A hashing job failed unexpectedly.")]
    public static partial void HashJobCrashed(ILogger logger, Exception exception);

    [LoggerMessage(3402, LogLevel.Error, "Piece {Piece} of {Folder} verified but could not be written.")]
    public static partial void PieceWriteFailed(ILogger logger, int piece, string folder, Exception exception);

    [LoggerMessage(3403, LogLevel.Error, "The piece-completion callback for {Folder} threw.")]
    public static partial void PieceCallbackFailed(ILogger logger, string folder, Exception exception);

    [LoggerMessage(3410, LogLevel.Information, "Resume data for {Folder}: {Trusted} piece(s) trusted, {ToCheck} to re-check (clean stop: {Clean}, changed files: {ChangedFiles}).")]
    public static partial void ResumePlanned(ILogger logger, string folder, int trusted, int toCheck, bool clean, int changedFiles);

    [LoggerMessage(3411, LogLevel.Information, "Re-check of {Folder} done: {Good} of {Checked} piece(s) verified.")]
    public static partial void RecheckDone(ILogger logger, string folder, int good, int @checked);

    [LoggerMessage(3412, LogLevel.Warning, "Resume data for {InfoHash} is unusable ({Reason}); every piece will be re-checked.")]
    public static partial void ResumeUnusable(ILogger logger, string infoHash, string reason);

    [LoggerMessage(3413, LogLevel.Error, "Saving resume data for {InfoHash} failed.")]
    public static partial void ResumeSaveFailed(ILogger logger, string infoHash, Exception exception);
}
