using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent;

/// <summary>The DHT's log messages: event ids 3500-3599.</summary>
internal static partial class Log
{
    [LoggerMessage(3500, LogLevel.Information, "DHT node {Id} listening on UDP port {Port}.")]
    public static partial void DhtListening(ILogger logger, int port, string id);

    [LoggerMessage(3501, LogLevel.Information, "DHT joined: {Nodes} nodes in the routing table.")]
    public static partial void DhtBootstrapped(ILogger logger, int nodes);

    [LoggerMessage(3502, LogLevel.Debug, "DHT datagram from {Source} dropped: {Reason}.")]
    public static partial void DhtBadDatagram(ILogger logger, string source, string reason);

    [LoggerMessage(3503, LogLevel.Warning, "Handling a DHT datagram from {Source} failed.")]
    public static partial void DhtHandlerFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(3504, LogLevel.Warning, "DHT bootstrap node '{Entry}' is not host:port; it is skipped.")]
    public static partial void DhtBadBootstrap(ILogger logger, string entry);

    [LoggerMessage(3505, LogLevel.Warning, "DHT bootstrap host {Host} did not resolve: {Reason}.")]
    public static partial void DhtBootstrapUnresolved(ILogger logger, string host, string reason);

    [LoggerMessage(3506, LogLevel.Warning, "The DHT's saved routing table could not be read or written: {Reason}.")]
    public static partial void DhtStateUnreadable(ILogger logger, string reason);
}
