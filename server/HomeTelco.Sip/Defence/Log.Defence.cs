using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip;

/// <summary>The SIP defence's log messages; event ids 2300-2319 of the SIP engine's range.</summary>
internal static partial class Log
{
    [LoggerMessage(2300, LogLevel.Warning, "SIP source {Address} banned for {Duration} (offence {Offences}): {Reason} ({Suppressed} more bans of this kind since the last report).")]
    public static partial void SourceBanned(ILogger logger, string address, string duration, int offences, string reason, long suppressed);
}
