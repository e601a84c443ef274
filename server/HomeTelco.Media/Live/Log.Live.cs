using Microsoft.Extensions.Logging;

namespace HomeTelco.Media;

/// <summary>Live TV messages, event ids 4600-4699.</summary>
internal static partial class Log
{
    [LoggerMessage(4600, LogLevel.Information, "Live channel {Channel}: ffmpeg {Pid} started.")]
    public static partial void LiveEncoderStarted(ILogger logger, string channel, int pid);

    [LoggerMessage(4601, LogLevel.Warning, "Live channel {Channel}: ffmpeg ended with code {Code}: {Errors}")]
    public static partial void LiveEncoderEnded(ILogger logger, string channel, int code, string errors);

    [LoggerMessage(4602, LogLevel.Information, "Live channel {Channel}: the last viewer left; ffmpeg stopped.")]
    public static partial void LiveChannelStopped(ILogger logger, string channel);

    [LoggerMessage(4603, LogLevel.Warning, "Refreshing the live sources' playlists and guides failed; trying again in an hour.")]
    public static partial void LiveRefreshFailed(ILogger logger, Exception exception);
}
