using HomeTelco.Core.Schedules;
using HomeTelco.Torrent.Schedules;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Schedules;

public sealed class BandwidthScheduleTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly BandwidthLimits Slow = new(100_000, 20_000);
    private readonly FakeTimeProvider _time = new();

    public BandwidthScheduleTests()
    {
        _time.SetLocalTimeZone(Berlin);
    }

    /// <summary>A Berlin wall-clock time in the week of Monday 2026-11-30 (winter time, UTC+1).</summary>
    private static DateTimeOffset At(DayOfWeek day, int hour, int minute = 0)
    {
        var monday = new DateTime(2026, 11, 30, 0, 0, 0, DateTimeKind.Unspecified);
        var daysFromMonday = ((int)day + 6) % 7;
        return new DateTimeOffset(monday.AddDays(daysFromMonday).AddHours(hour).AddMinutes(minute), TimeSpan.FromHours(1));
    }

    private static BandwidthRule Rule(WeekDays days, int startHour, int endHour, BandwidthLimits? limits = null, int startMinute = 0, int endMinute = 0) => new()
    {
        Id = Guid.NewGuid().ToString("N"),
        Days = days,
        StartMinute = (startHour * 60) + startMinute,
        EndMinute = (endHour * 60) + endMinute,
        DownloadBytesPerSecond = (limits ?? Slow).DownloadBytesPerSecond,
        UploadBytesPerSecond = (limits ?? Slow).UploadBytesPerSecond,
    };

    private BandwidthSchedule Schedule(params BandwidthRule[] rules) => new(_time, rules);

    [Fact]
    public void LimitsAt_WorkHoursRule_OnlyInsideTheWindowOnWorkdays()
    {
        var schedule = Schedule(Rule(WeekDays.Workdays, 9, 17));

        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Tuesday, 9)));
        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Tuesday, 16, 59)));
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Tuesday, 17)));
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Tuesday, 8, 59)));
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Saturday, 10)));
    }

    [Fact]
    public void LimitsAt_FridayNightWindow_RunsIntoSaturdayMorningOnly()
    {
        var schedule = Schedule(Rule(WeekDays.Friday, 23, 7));

        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Friday, 23, 30)));
        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Saturday, 0)));
        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Saturday, 6, 59)));
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Saturday, 7)));
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Friday, 1))); // Thursday night is not in the rule
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Saturday, 23, 30)));
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Friday, 22, 59)));
    }

    [Fact]
    public void LimitsAt_SundayNightWindow_WrapsIntoMondayOfTheNextWeek()
    {
        var schedule = Schedule(Rule(WeekDays.Sunday, 22, 2));

        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Sunday, 23)));
        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Sunday, 23).AddHours(2)));
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Sunday, 23).AddHours(3)));
        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Monday, 1))); // Monday 30 Nov follows Sunday 29 Nov's window
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Monday, 2)));
    }

    [Fact]
    public void LimitsAt_StartEqualsEnd_IsAWholeDay()
    {
        var schedule = Schedule(Rule(WeekDays.Wednesday, 6, 6));

        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Wednesday, 6)));
        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Thursday, 5, 59)));
        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Thursday, 6)));
    }

    [Fact]
    public void LimitsAt_Overlap_MostRestrictiveWinsInEachDirection()
    {
        var schedule = Schedule(
            Rule(WeekDays.Every, 8, 20, new BandwidthLimits(100_000, 0)),
            Rule(WeekDays.Monday, 12, 14, new BandwidthLimits(300_000, 50_000)),
            Rule(WeekDays.Monday, 13, 15, new BandwidthLimits(50_000, 80_000)));

        Assert.Equal(new BandwidthLimits(100_000, 0), schedule.LimitsAt(At(DayOfWeek.Monday, 9)));
        Assert.Equal(new BandwidthLimits(100_000, 50_000), schedule.LimitsAt(At(DayOfWeek.Monday, 12, 30)));
        Assert.Equal(new BandwidthLimits(50_000, 50_000), schedule.LimitsAt(At(DayOfWeek.Monday, 13, 30)));
        Assert.Equal(new BandwidthLimits(50_000, 80_000), schedule.LimitsAt(At(DayOfWeek.Monday, 14, 30)));
    }

    [Fact]
    public void LimitsAt_DisabledRule_HasNoEffect()
    {
        var schedule = Schedule(Rule(WeekDays.Every, 0, 0) with { Enabled = false });

        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(At(DayOfWeek.Monday, 12)));
        Assert.Null(schedule.NextChangeAfter(At(DayOfWeek.Monday, 12)));
    }

    [Fact]
    public void NextChangeAfter_GivesTheNextStartOrEnd()
    {
        var schedule = Schedule(Rule(WeekDays.Workdays, 9, 17));

        Assert.Equal(At(DayOfWeek.Tuesday, 9), schedule.NextChangeAfter(At(DayOfWeek.Tuesday, 8)));
        Assert.Equal(At(DayOfWeek.Tuesday, 17), schedule.NextChangeAfter(At(DayOfWeek.Tuesday, 9)));
        Assert.Equal(At(DayOfWeek.Wednesday, 9), schedule.NextChangeAfter(At(DayOfWeek.Tuesday, 17)));
        Assert.Equal(At(DayOfWeek.Monday, 9).AddDays(7), schedule.NextChangeAfter(At(DayOfWeek.Friday, 17)));
    }

    [Fact]
    public void NextChangeAfter_AcrossMidnight_IsTheMorningEnd()
    {
        var schedule = Schedule(Rule(WeekDays.Friday, 23, 7));

        Assert.Equal(At(DayOfWeek.Saturday, 7), schedule.NextChangeAfter(At(DayOfWeek.Friday, 23, 30)));
        Assert.Equal(At(DayOfWeek.Friday, 23).AddDays(7), schedule.NextChangeAfter(At(DayOfWeek.Saturday, 7)));
    }

    [Fact]
    public void NextChangeAfter_SkipsABoundaryWhereTheLimitsStayTheSame()
    {
        var schedule = Schedule(Rule(WeekDays.Monday, 9, 12), Rule(WeekDays.Monday, 12, 17));

        Assert.Equal(At(DayOfWeek.Monday, 17), schedule.NextChangeAfter(At(DayOfWeek.Monday, 10)));
    }

    [Fact]
    public void NextChangeAfter_AlwaysLimited_IsNever()
    {
        var schedule = Schedule(Rule(WeekDays.Every, 0, 0));

        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Thursday, 3)));
        Assert.Null(schedule.NextChangeAfter(At(DayOfWeek.Thursday, 3)));
        Assert.Null(Schedule().NextChangeAfter(At(DayOfWeek.Thursday, 3)));
    }

    [Fact]
    public void SpringForward_StartInTheSkippedHour_BeginsWhenTheClockJumps()
    {
        // Berlin, Sunday 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC); 02:30 never shows on the clock.
        var schedule = Schedule(Rule(WeekDays.Sunday, 2, 4, startMinute: 30));
        var jump = new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero);

        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(jump.AddMinutes(-1)));
        Assert.Equal(Slow, schedule.LimitsAt(jump));
        Assert.Equal(jump, schedule.NextChangeAfter(jump.AddHours(-3)));
        Assert.Equal(new DateTimeOffset(2026, 3, 29, 4, 0, 0, TimeSpan.FromHours(2)), schedule.NextChangeAfter(jump));
    }

    [Fact]
    public void SpringForward_NightWindow_IsAnHourShorter()
    {
        var schedule = Schedule(Rule(WeekDays.Saturday, 22, 6));
        var start = new DateTimeOffset(2026, 3, 28, 22, 0, 0, TimeSpan.FromHours(1));

        var end = schedule.NextChangeAfter(start);

        Assert.Equal(new DateTimeOffset(2026, 3, 29, 6, 0, 0, TimeSpan.FromHours(2)), end);
        Assert.Equal(TimeSpan.FromHours(7), end - start);
    }

    [Fact]
    public void FallBack_NightWindow_IsAnHourLongerAndAmbiguousStartTakesTheFirst()
    {
        // Berlin, Sunday 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 shows twice, first at 00:30 UTC.
        var night = Schedule(Rule(WeekDays.Saturday, 22, 6));
        var start = new DateTimeOffset(2026, 10, 24, 22, 0, 0, TimeSpan.FromHours(2));
        Assert.Equal(TimeSpan.FromHours(9), night.NextChangeAfter(start) - start);

        var early = Schedule(Rule(WeekDays.Sunday, 2, 5, startMinute: 30));
        var firstHalfPastTwo = new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero);
        Assert.Equal(BandwidthLimits.Unlimited, early.LimitsAt(firstHalfPastTwo.AddMinutes(-1)));
        Assert.Equal(Slow, early.LimitsAt(firstHalfPastTwo));
        Assert.Equal(Slow, early.LimitsAt(firstHalfPastTwo.AddHours(1))); // 02:30 again, now CET
    }

    [Fact]
    public void Current_UsesTheClockAndUrgentIgnoresTheWindows()
    {
        var schedule = Schedule(Rule(WeekDays.Tuesday, 9, 17));
        _time.SetUtcNow(At(DayOfWeek.Tuesday, 10));

        Assert.Equal(Slow, schedule.Current());
        Assert.Equal(BandwidthLimits.Unlimited, schedule.Current(urgent: true));

        _time.Advance(TimeSpan.FromHours(7));
        Assert.Equal(BandwidthLimits.Unlimited, schedule.Current());
    }

    [Fact]
    public void LimitsAt_ZoneComesFromTheTimeProvider()
    {
        var schedule = Schedule(Rule(WeekDays.Tuesday, 9, 17));
        var nineBerlin = At(DayOfWeek.Tuesday, 9);

        _time.SetLocalTimeZone(TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        Assert.Equal(BandwidthLimits.Unlimited, schedule.LimitsAt(nineBerlin)); // 03:00 in New York
        Assert.Equal(Slow, schedule.LimitsAt(nineBerlin.AddHours(6)));
    }

    [Fact]
    public void Replace_RaisesChangedWithTheNewRules()
    {
        var schedule = Schedule();
        var raised = 0;
        schedule.Changed += (_, _) => raised++;

        schedule.Replace([Rule(WeekDays.Every, 0, 0)]);

        Assert.Equal(1, raised);
        Assert.Equal(Slow, schedule.LimitsAt(At(DayOfWeek.Monday, 0)));
    }
}
