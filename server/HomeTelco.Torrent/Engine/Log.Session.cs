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

    [LoggerMessage(3820, LogLevel.Information, "BitTorrent engine listening on TCP and UDP port {Port}; downloads go to {Folder}.")]
    public static partial void EngineListening(ILogger logger, int port, string folder);

    [LoggerMessage(3821, LogLevel.Error, "The BitTorrent engine could not start: {Reason}. Choose another port with --torrent-port.")]
    public static partial void EngineFailed(ILogger logger, string reason);

    [LoggerMessage(3822, LogLevel.Warning, "Torrent engine housekeeping failed; it runs again shortly.")]
    public static partial void HousekeepingFailed(ILogger logger, Exception exception);

    [LoggerMessage(3823, LogLevel.Warning, "Stored torrent '{Name}' cannot be loaded: {Reason}.")]
    public static partial void RecordUnusable(ILogger logger, string name, string reason);

    [LoggerMessage(3824, LogLevel.Information, "Torrent '{Name}' added ({Id}).")]
    public static partial void TorrentAdded(ILogger logger, string name, string id);

    [LoggerMessage(3825, LogLevel.Information, "Torrent '{Name}' removed (data deleted: {DataDeleted}).")]
    public static partial void TorrentRemoved(ILogger logger, string name, bool dataDeleted);

    [LoggerMessage(3826, LogLevel.Information, "Deleted the files of '{Name}' under {Folder}.")]
    public static partial void TorrentDataDeleted(ILogger logger, string name, string folder);

    [LoggerMessage(3827, LogLevel.Warning, "Watch folder file {File} was not added: {Reason}.")]
    public static partial void WatchFileRefused(ILogger logger, string file, string reason);

    [LoggerMessage(3828, LogLevel.Information, "Torrent '{Name}' finished: its files moved from {From} to {To}.")]
    public static partial void TorrentMoved(ILogger logger, string name, string from, string to);

    [LoggerMessage(3829, LogLevel.Warning, "Torrent '{Name}' finished but its files could not be moved to {To}; it seeds from where it is: {Reason}")]
    public static partial void TorrentMoveFailed(ILogger logger, string name, string to, string reason);
}
