using Microsoft.Extensions.Logging;

namespace HomeTelco.Media;

/// <summary>HLS streaming messages, event ids 4500-4599.</summary>
internal static partial class Log
{
    [LoggerMessage(4500, LogLevel.Information, "HLS {Session}: ffmpeg {Pid} started at segment {Segment}.")]
    public static partial void EncoderStarted(ILogger logger, string session, int segment, int pid);

    [LoggerMessage(4501, LogLevel.Debug, "HLS {Session}: encoder paused, player at {Requested}, made up to {Made}.")]
    public static partial void EncoderPaused(ILogger logger, string session, int requested, int made);

    [LoggerMessage(4502, LogLevel.Debug, "HLS {Session}: encoder resumed, player at {Requested}.")]
    public static partial void EncoderResumed(ILogger logger, string session, int requested);

    [LoggerMessage(4503, LogLevel.Information, "HLS {Session}: abandoned; ffmpeg stopped and files deleted.")]
    public static partial void SessionAbandoned(ILogger logger, string session);

    [LoggerMessage(4504, LogLevel.Information, "HLS {Session}: stopped to make room for {NewSession}.")]
    public static partial void SessionEvicted(ILogger logger, string session, string newSession);

    [LoggerMessage(4505, LogLevel.Warning, "HLS session folder {Folder} could not be deleted: {Reason}")]
    public static partial void SessionFolderNotDeleted(ILogger logger, string folder, string reason);

    [LoggerMessage(4506, LogLevel.Information, "Hardware video encoder {Encoder} works and will be used.")]
    public static partial void HardwareEncoderChosen(ILogger logger, string encoder);

    [LoggerMessage(4507, LogLevel.Warning, "Hardware acceleration {Acceleration} failed its test encode ({Reason}); using libx264.")]
    public static partial void HardwareEncoderUnavailable(ILogger logger, string acceleration, string reason);
}
