using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent;

/// <summary>
/// The BitTorrent engine's log messages; event ids 3000-3999. Each area keeps its messages in its own
/// partial file (Log.Peers.cs, Log.Trackers.cs, ...) within its own range, so areas never collide.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(3000, LogLevel.Information, "BitTorrent engine listening on port {Port}.")]
    public static partial void Listening(ILogger logger, int port);
}
