using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Calls;

/// <summary>Log messages of the call records; event ids 2450-2499.</summary>
internal static partial class CallsLog
{
    [LoggerMessage(2450, LogLevel.Warning, "Could not save the call record of {CallId}: {Reason}.")]
    public static partial void SaveFailed(ILogger logger, string callId, string reason);

    [LoggerMessage(2451, LogLevel.Warning, "Dropped {Count} call records: the store fell {Capacity} records behind the calls.")]
    public static partial void RecordsDropped(ILogger logger, long count, int capacity);
}
