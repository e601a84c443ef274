namespace HomeTelco.Core.Profiles;

/// <summary>
/// Whether the process is busy, from the CPU time it used over a stretch of wall-clock time. Memory housekeeping that
/// stops every thread for a while (a full, compacting collection; reading released code back) waits for a moment the
/// box is not busy: a 30 ms pause in the middle of a call burst leaves every phone waiting, where the same pause on an
/// idle box is felt by nobody. An idle box spends 1–2 % of a core on its timers; serving calls, streams or a portal
/// session takes far more.
/// </summary>
public static class CpuLoad
{
    /// <summary>The share of one core at and above which the process counts as busy.</summary>
    public const double BusyShareOfCore = 0.25;

    /// <summary>The CPU time used over <paramref name="elapsed"/> as a share of one core (1.0 = one core all the time).</summary>
    public static double ShareOfCore(TimeSpan cpuUsed, TimeSpan elapsed) =>
        elapsed <= TimeSpan.Zero ? 0 : Math.Max(0, cpuUsed / elapsed);

    /// <summary>True when <paramref name="cpuUsed"/> over <paramref name="elapsed"/> is at least <see cref="BusyShareOfCore"/>.</summary>
    public static bool IsBusy(TimeSpan cpuUsed, TimeSpan elapsed) => IsBusy(ShareOfCore(cpuUsed, elapsed));

    /// <summary>True when <paramref name="shareOfCore"/> (see <see cref="ShareOfCore"/>) is at least <see cref="BusyShareOfCore"/>.</summary>
    public static bool IsBusy(double shareOfCore) => shareOfCore >= BusyShareOfCore;
}
