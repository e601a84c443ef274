using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Proxy;

/// <summary>Log messages of the proxy; event ids 2400-2449.</summary>
internal static partial class ProxyLog
{
    [LoggerMessage(2400, LogLevel.Debug, "{Method} from {Caller} to {Target}: {Branches} branch(es).")]
    public static partial void Forking(ILogger logger, string method, string caller, string target, int branches);

    [LoggerMessage(2401, LogLevel.Debug, "{Method} from {Caller} to {Target} refused: {Status} {Reason}.")]
    public static partial void Refused(ILogger logger, string method, string caller, string target, int status, string reason);

    [LoggerMessage(2402, LogLevel.Debug, "Request from {Source} carried a Route with a flow token this box did not sign; refused.")]
    public static partial void BadFlowToken(ILogger logger, string source);
}
