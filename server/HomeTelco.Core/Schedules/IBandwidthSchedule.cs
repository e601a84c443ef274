namespace HomeTelco.Core.Schedules;

/// <summary>
/// The box's speed-limit windows, evaluated in the box's local time zone. Engines that move bulk data (torrents,
/// prefetch) read the limits in force, arm a timer for <see cref="NextChangeAfter"/>, and read again when it fires or
/// when <see cref="Changed"/> says the rules were edited. Urgent transfers (a person waiting on them) ignore the windows.
/// </summary>
public interface IBandwidthSchedule
{
    /// <summary>Raised after the rules changed: limits and the next change instant must be read again.</summary>
    event EventHandler? Changed;

    /// <summary>Limits in force at <paramref name="instant"/>; <see cref="BandwidthLimits.Unlimited"/> outside every window.</summary>
    BandwidthLimits LimitsAt(DateTimeOffset instant);

    /// <summary>The first instant after <paramref name="instant"/> at which the limits differ; null when they never change.</summary>
    DateTimeOffset? NextChangeAfter(DateTimeOffset instant);

    /// <summary>Limits in force now for a transfer; an <paramref name="urgent"/> one is never limited by the windows.</summary>
    BandwidthLimits Current(bool urgent = false);
}
