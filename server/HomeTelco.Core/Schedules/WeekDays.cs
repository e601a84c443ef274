namespace HomeTelco.Core.Schedules;

/// <summary>Days of the week a schedule rule's window starts on; bit n is <see cref="DayOfWeek"/> n.</summary>
[Flags]
public enum WeekDays
{
    None = 0,
    Sunday = 1 << DayOfWeek.Sunday,
    Monday = 1 << DayOfWeek.Monday,
    Tuesday = 1 << DayOfWeek.Tuesday,
    Wednesday = 1 << DayOfWeek.Wednesday,
    Thursday = 1 << DayOfWeek.Thursday,
    Friday = 1 << DayOfWeek.Friday,
    Saturday = 1 << DayOfWeek.Saturday,
    Workdays = Monday | Tuesday | Wednesday | Thursday | Friday,
    Weekend = Saturday | Sunday,
    Every = Workdays | Weekend,
}

/// <summary>Helpers for <see cref="WeekDays"/>.</summary>
public static class WeekDaysExtensions
{
    /// <summary>True when <paramref name="day"/> is one of <paramref name="days"/>.</summary>
    public static bool Includes(this WeekDays days, DayOfWeek day) => (days & (WeekDays)(1 << (int)day)) != 0;
}
