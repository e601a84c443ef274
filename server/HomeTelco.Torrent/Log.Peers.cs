using System.Net;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent;

/// <summary>Peer wire messages: event ids 3100-3299.</summary>
internal static partial class Log
{
    [LoggerMessage(3100, LogLevel.Debug, "Peer {Remote} connected ({Direction}, {Client}, encryption {Encryption}).")]
    public static partial void PeerConnected(ILogger logger, EndPoint? remote, string direction, string client, string encryption);

    [LoggerMessage(3101, LogLevel.Debug, "Peer {Remote} closed: {Reason}.")]
    public static partial void PeerClosed(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(3102, LogLevel.Warning, "Peer {Remote} broke the protocol and was dropped: {Reason} ({Suppressed} more like it since the last report).")]
    public static partial void PeerViolation(ILogger logger, EndPoint? remote, string reason, int suppressed);

    [LoggerMessage(3110, LogLevel.Information, "Peer listener on {Endpoint}.")]
    public static partial void PeerListening(ILogger logger, EndPoint endpoint);

    [LoggerMessage(3111, LogLevel.Debug, "Inbound peer {Remote} refused: {Reason}.")]
    public static partial void PeerRefused(ILogger logger, EndPoint? remote, string reason);

    [LoggerMessage(3112, LogLevel.Error, "Peer listener on {Endpoint} stopped accepting.")]
    public static partial void PeerListenerFailed(ILogger logger, EndPoint endpoint, Exception exception);
}
