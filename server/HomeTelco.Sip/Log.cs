using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip;

/// <summary>The SIP engine's log messages; event ids 2000-2999.</summary>
internal static partial class Log
{
    [LoggerMessage(2001, LogLevel.Information, "SIP listening on UDP {Udp} and TCP {Tcp}.")]
    public static partial void Listening(ILogger logger, string udp, string tcp);

    [LoggerMessage(2002, LogLevel.Error, "SIP could not listen on port {Port}: {Reason}. Phones cannot register until this is fixed (choose another with --sip-port).")]
    public static partial void BindFailed(ILogger logger, int port, string reason);

    [LoggerMessage(2003, LogLevel.Warning, "Bad SIP message from {Source}: {Reason} ({Suppressed} more of this kind since the last report).")]
    public static partial void BadMessage(ILogger logger, string source, string reason, long suppressed);

    [LoggerMessage(2004, LogLevel.Debug, "UDP receive failed: {Error}.")]
    public static partial void UdpReceiveFailed(ILogger logger, string error);

    [LoggerMessage(2005, LogLevel.Debug, "UDP send to {Remote} failed: {Error}.")]
    public static partial void UdpSendFailed(ILogger logger, string remote, string error);

    [LoggerMessage(2009, LogLevel.Error, "Handling a SIP message from {Remote} failed.")]
    public static partial void HandlerFailed(ILogger logger, string remote, Exception exception);
}
