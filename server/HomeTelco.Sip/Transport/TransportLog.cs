using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip;

/// <summary>The SIP transports' log messages; event ids 2150-2199.</summary>
internal static partial class Log
{
    [LoggerMessage(2150, LogLevel.Information, "SIP listening on TLS {Tls}.")]
    public static partial void TlsListening(ILogger logger, string tls);

    [LoggerMessage(2151, LogLevel.Error, "SIP over TLS is off: {Reason}. UDP, TCP and WebSocket go on (choose another port with --sips-port, or 0 to turn TLS off).")]
    public static partial void TlsUnavailable(ILogger logger, string reason);

    [LoggerMessage(2152, LogLevel.Information, "{Transport} connection from {Remote} refused: connection limit reached.")]
    public static partial void ConnectionRefused(ILogger logger, string transport, string remote);

    [LoggerMessage(2153, LogLevel.Debug, "{Transport} connection with {Remote} closed: {Reason}.")]
    public static partial void ConnectionClosed(ILogger logger, string transport, string remote, string reason);

    [LoggerMessage(2154, LogLevel.Debug, "{Transport} accept failed: {Error}.")]
    public static partial void AcceptFailed(ILogger logger, string transport, string error);

    [LoggerMessage(2155, LogLevel.Debug, "{Transport} connection to {Remote} failed: {Error}.")]
    public static partial void ConnectFailed(ILogger logger, string transport, string remote, string error);

    [LoggerMessage(2156, LogLevel.Debug, "TLS handshake with {Remote} failed: {Error}.")]
    public static partial void TlsHandshakeFailed(ILogger logger, string remote, string error);

    [LoggerMessage(2157, LogLevel.Warning, "SIP keep-alives: more than {Max} UDP flows given; only the first {Max} are kept alive.")]
    public static partial void KeepAliveFlowsTruncated(ILogger logger, int max);

    [LoggerMessage(2158, LogLevel.Warning, "SIP keep-alives: reading the flows failed; trying again next round.")]
    public static partial void KeepAliveSourceFailed(ILogger logger, Exception exception);
}
