using LiteDB;

namespace HomeTelco.Core.Schedules;

/// <summary>
/// A speed-limit window: on each of <see cref="Days"/> from <see cref="StartMinute"/> to <see cref="EndMinute"/>
/// (local wall-clock time), transfers are held to the given limits. A window whose end is not after its start runs
/// into the next day: Friday 23:00–07:00 is Friday night into Saturday morning; start equal to end is a whole day.
/// Where windows overlap, the most restrictive limit in each direction wins (see <see cref="BandwidthLimits.MostRestrictive"/>),
/// so adding a rule can only slow things down, never lift another rule's limit.
/// </summary>
public sealed record BandwidthRule
{
    /// <summary>The rule's key; empty on a new rule (the service assigns one).</summary>
    public string Id { get; init; } = "";

    /// <summary>What the person called it ("Evenings", "Work hours").</summary>
    public string Name { get; init; } = "";

    /// <summary>Days the window starts on.</summary>
    public WeekDays Days { get; init; }

    /// <summary>Start, in minutes after local midnight (0-1439).</summary>
    public int StartMinute { get; init; }

    /// <summary>End, in minutes after local midnight (0-1439); at or before the start means the next day.</summary>
    public int EndMinute { get; init; }

    /// <summary>Download limit inside the window, bytes per second; 0 = not limited.</summary>
    public long DownloadBytesPerSecond { get; init; }

    /// <summary>Upload limit inside the window, bytes per second; 0 = not limited.</summary>
    public long UploadBytesPerSecond { get; init; }

    /// <summary>A disabled rule is kept but has no effect.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The window's limits.</summary>
    [BsonIgnore]
    public BandwidthLimits Limits => new(DownloadBytesPerSecond, UploadBytesPerSecond);

    /// <summary>Start as a time of day.</summary>
    [BsonIgnore]
    public TimeOnly Start => new(StartMinute / 60, StartMinute % 60);

    /// <summary>End as a time of day.</summary>
    [BsonIgnore]
    public TimeOnly End => new(EndMinute / 60, EndMinute % 60);
}
