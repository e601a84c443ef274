namespace HomeTelco.Host;

/// <summary>The host's log messages; event ids 7000-7999.</summary>
internal static partial class Log
{
    [LoggerMessage(7001, LogLevel.Information, "Hardware profile {Profile}: {Reason} GC heap limit {LimitMb} MiB.")]
    public static partial void ProfileChosen(ILogger logger, string profile, string reason, long limitMb);

    [LoggerMessage(7002, LogLevel.Information, "Start-up pages released from {Mappings} file mappings: resident memory {BeforeMb} MiB -> {AfterMb} MiB.")]
    public static partial void StartupPagesReleased(ILogger logger, int mappings, long beforeMb, long afterMb);

    [LoggerMessage(7003, LogLevel.Debug, "Start-up pages not released: this kernel has no MADV_PAGEOUT (Linux 5.4 or later).")]
    public static partial void StartupPagesUnsupported(ILogger logger);

    [LoggerMessage(7004, LogLevel.Warning, "Start-up pages not released: {Reason}")]
    public static partial void StartupPagesFailed(ILogger logger, string reason);

    [LoggerMessage(7005, LogLevel.Information, "Pages read back by activity released: file pages {BeforeMb} MiB -> {AfterMb} MiB; the box keeps {IdleLevel} when nobody uses it.")]
    public static partial void ActivityPagesReleased(ILogger logger, long beforeMb, long afterMb, string idleLevel);

    [LoggerMessage(7006, LogLevel.Information, "Start-up page release postponed: the box is busy ({Percent} % of a core); it waits for a quiet moment.")]
    public static partial void StartupPagesPostponed(ILogger logger, int percent);
}
