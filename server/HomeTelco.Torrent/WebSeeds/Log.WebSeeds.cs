using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent;

/// <summary>The web seeds' log messages: event ids 3900-3949.</summary>
internal static partial class Log
{
    [LoggerMessage(3900, LogLevel.Debug, "Torrent '{Name}': web seed {Url} added.")]
    public static partial void WebSeedAdded(ILogger logger, string name, string url);

    [LoggerMessage(3901, LogLevel.Information, "Torrent '{Name}': web seed {Url} ignored: {Reason}.")]
    public static partial void WebSeedIgnored(ILogger logger, string name, string url, string reason);

    [LoggerMessage(3902, LogLevel.Information, "Torrent '{Name}': web seed {Url} failed ({Reason}); next try in {Seconds} s.")]
    public static partial void WebSeedFailed(ILogger logger, string name, string url, string reason, double seconds);

    [LoggerMessage(3903, LogLevel.Warning, "Torrent '{Name}': web seed {Url} dropped after {Failures} pieces failed their hash check.")]
    public static partial void WebSeedDropped(ILogger logger, string name, string url, int failures);
}
