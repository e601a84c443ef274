using System.Net;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip;

/// <summary>The registrar's and the location service's log messages; event ids 2100-2149.</summary>
internal static partial class Log
{
    [LoggerMessage(2100, LogLevel.Information, "Location service loaded {Kept} registrations from the store and dropped {Dropped} (lapsed or of removed extensions).")]
    public static partial void BindingsLoaded(ILogger logger, int kept, int dropped);

    [LoggerMessage(2101, LogLevel.Debug, "Wrote {Count} registration changes to the store.")]
    public static partial void BindingsWritten(ILogger logger, int count);

    [LoggerMessage(2102, LogLevel.Warning, "Could not write {Count} registration changes to the store: {Reason}. They are kept and written with the next change.")]
    public static partial void BindingsWriteFailed(ILogger logger, int count, string reason);

    [LoggerMessage(2103, LogLevel.Debug, "Extension {Number} now has {Count} registered contacts (REGISTER from {Source}).")]
    public static partial void Registered(ILogger logger, string number, int count, IPEndPoint source);

    [LoggerMessage(2104, LogLevel.Warning, "REGISTER for {Number} from {Source} refused: the box holds its maximum of {Max} registrations.")]
    public static partial void RegistrationsFull(ILogger logger, string number, IPEndPoint source, int max);

    [LoggerMessage(2105, LogLevel.Information, "Extension {Number} was removed; dropped its {Count} registrations.")]
    public static partial void ExtensionBindingsRemoved(ILogger logger, string number, int count);
}
