using Microsoft.Extensions.Logging;

namespace HomeTelco.Media;

/// <summary>
/// The media engine's log messages; event ids 4000-4999. Each area keeps its messages in its own
/// partial file (Log.Library.cs, Log.Streaming.cs, ...) within its own range, so areas never collide.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(4000, LogLevel.Warning, "ffmpeg was not found ({Reason}); media is served as is, without probing or transcoding.")]
    public static partial void FfmpegMissing(ILogger logger, string reason);
}
