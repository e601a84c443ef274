using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent;

/// <summary>The torrent sessions' log messages: event ids 3800-3899.</summary>
internal static partial class Log
{
    [LoggerMessage(3800, LogLevel.Information, "Torrent '{Name}' is now {State}.")]
    public static partial void TorrentState(ILogger logger, string name, string state);

    [LoggerMessage(3801, LogLevel.Error, "Torrent '{Name}' stopped with an error.")]
    public static partial void TorrentFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(3802, LogLevel.Debug, "Could not connect to peer {Peer}: {Reason}.")]
    public static partial void PeerDialFailed(ILogger logger, string peer, string reason);

    [LoggerMessage(3803, LogLevel.Debug, "Peer {Peer} closed: {Reason}.")]
    public static partial void SwarmPeerClosed(ILogger logger, string peer, string reason);

    [LoggerMessage(3804, LogLevel.Warning, "Torrent '{Name}': piece {Piece} failed its hash check ({Contributors} peers sent its blocks).")]
    public static partial void PieceFailed(ILogger logger, string name, int piece, int contributors);

    [LoggerMessage(3805, LogLevel.Information, "Torrent '{Name}': metadata fetched from peers ({Bytes} bytes).")]
    public static partial void MetadataFetched(ILogger logger, string name, int bytes);
}
