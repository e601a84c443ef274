namespace HomeTelco.Host;

/// <summary>The host's log messages; event ids 7000-7999.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "Hardware profile {Profile}: {Reason} GC heap limit {LimitMb} MiB.")]
    public static partial void ProfileChosen(ILogger logger, string profile, string reason, long limitMb);
}
