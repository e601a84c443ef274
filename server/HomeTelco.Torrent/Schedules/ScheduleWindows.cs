using HomeTelco.Core.Schedules;

namespace HomeTelco.Torrent.Schedules;

/// <summary>
/// Turns a rule's wall-clock window on a given local day into real instants, across daylight-saving changes: a start
/// or end that falls in the spring-forward gap (a time the clock skips) moves to the end of the gap; one that falls in
/// the autumn overlap (a time the clock shows twice) takes the first occurrence.
/// </summary>
internal static class ScheduleWindows
{
    /// <summary>Longest time-zone gap we step over (the largest real ones are an hour; a few historic ones two).</summary>
    private const int MaxGapMinutes = 3 * 60;

    /// <summary>The window of <paramref name="rule"/> that starts on local day <paramref name="day"/>.</summary>
    public static (DateTimeOffset Start, DateTimeOffset End) On(BandwidthRule rule, DateOnly day, TimeZoneInfo zone)
    {
        var start = day.ToDateTime(rule.Start);
        var endDay = rule.EndMinute <= rule.StartMinute ? day.AddDays(1) : day;
        var end = endDay.ToDateTime(rule.End);
        return (ToInstant(start, zone), ToInstant(end, zone));
    }

    /// <summary>The local day (in <paramref name="zone"/>) that <paramref name="instant"/> falls on.</summary>
    public static DateOnly LocalDay(DateTimeOffset instant, TimeZoneInfo zone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);

    /// <summary>The instant a wall-clock time in <paramref name="zone"/> stands for.</summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo zone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        for (var i = 0; i < MaxGapMinutes && zone.IsInvalidTime(local); i++)
        {
            local = local.AddMinutes(1);
        }

        if (zone.IsAmbiguousTime(local))
        {
            var offsets = zone.GetAmbiguousTimeOffsets(local);
            return new DateTimeOffset(local, offsets.Max());
        }

        return new DateTimeOffset(local, zone.GetUtcOffset(local));
    }
}
