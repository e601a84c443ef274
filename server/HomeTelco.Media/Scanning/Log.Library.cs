using Microsoft.Extensions.Logging;

namespace HomeTelco.Media;

/// <summary>Messages of the library, scanner and artwork areas: event ids 4010-4099.</summary>
internal static partial class Log
{
    [LoggerMessage(4010, LogLevel.Information, "Library {LibraryId} ({Name}) scanned: {Files} files, {Probed} probed, {Removed} removed in {Seconds:0.0} s.")]
    public static partial void LibraryScanned(ILogger logger, int libraryId, string name, int files, int probed, int removed, double seconds);

    [LoggerMessage(4011, LogLevel.Warning, "Library {LibraryId} ({Name}) is offline: its folder {Path} is missing; its items are kept.")]
    public static partial void LibraryOffline(ILogger logger, int libraryId, string name, string path);

    [LoggerMessage(4012, LogLevel.Information, "Library {LibraryId} ({Name}) is back online.")]
    public static partial void LibraryOnline(ILogger logger, int libraryId, string name);

    [LoggerMessage(4013, LogLevel.Warning, "Library {LibraryId} has more than {Max} media files; the rest were not scanned.")]
    public static partial void LibraryTruncated(ILogger logger, int libraryId, int max);

    [LoggerMessage(4014, LogLevel.Information, "Unplayable media file {Path}: {Reason}")]
    public static partial void Unplayable(ILogger logger, string path, string reason);

    [LoggerMessage(4015, LogLevel.Error, "Scanning library {LibraryId} failed.")]
    public static partial void ScanFailed(ILogger logger, int libraryId, Exception exception);

    [LoggerMessage(4016, LogLevel.Warning, "The watcher of library {LibraryId} failed; changes are picked up by the periodic check.")]
    public static partial void WatcherFailed(ILogger logger, int libraryId, Exception exception);

    [LoggerMessage(4017, LogLevel.Information, "Library {LibraryId} ({Name}) added at {Path}.")]
    public static partial void LibraryAdded(ILogger logger, int libraryId, string name, string path);

    [LoggerMessage(4018, LogLevel.Information, "Library {LibraryId} removed; {Items} items forgotten, files left as they were.")]
    public static partial void LibraryRemoved(ILogger logger, int libraryId, int items);
}
