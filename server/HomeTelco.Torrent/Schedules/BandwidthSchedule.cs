using HomeTelco.Core.Schedules;

namespace HomeTelco.Torrent.Schedules;

/// <summary>
/// The live speed-limit schedule: the rules (a snapshot, replaced whole when they change) evaluated in the local time
/// zone of the <see cref="TimeProvider"/>. Overlapping windows: the most restrictive limit in each direction wins.
/// Thread-safe: readers see one snapshot or the next, never a mix.
/// </summary>
public sealed class BandwidthSchedule : IBandwidthSchedule, IDisposable
{
    /// <summary>Days looked ahead for the next change: a week covers every rule's repeat, plus one for windows past midnight.</summary>
    private const int LookAheadDays = 8;

    private readonly TimeProvider _time;
    private readonly BandwidthScheduleService? _service;
    private volatile BandwidthRule[] _rules;

    /// <summary>A schedule over a fixed set of rules (until <see cref="Replace"/>).</summary>
    public BandwidthSchedule(TimeProvider time, IEnumerable<BandwidthRule> rules)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(rules);
        _time = time;
        _rules = Snapshot(rules);
    }

    /// <summary>A schedule that follows the stored rules of <paramref name="service"/> as they are edited.</summary>
    public BandwidthSchedule(TimeProvider time, BandwidthScheduleService service)
        : this(time, service?.List() ?? throw new ArgumentNullException(nameof(service)))
    {
        _service = service;
        _service.Changed += Reload;
    }

    /// <inheritdoc/>
    public event EventHandler? Changed;

    /// <summary>Rules in force (enabled ones).</summary>
    public IReadOnlyList<BandwidthRule> Rules => _rules;

    /// <summary>Takes a new set of rules and raises <see cref="Changed"/>.</summary>
    public void Replace(IEnumerable<BandwidthRule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        _rules = Snapshot(rules);
        Changed?.Invoke(this, EventArgs.Empty);
    }

    /// <inheritdoc/>
    public BandwidthLimits LimitsAt(DateTimeOffset instant) => LimitsAt(_rules, instant, _time.LocalTimeZone);

    /// <inheritdoc/>
    public DateTimeOffset? NextChangeAfter(DateTimeOffset instant)
    {
        var rules = _rules;
        var zone = _time.LocalTimeZone;
        var current = LimitsAt(rules, instant, zone);
        var today = ScheduleWindows.LocalDay(instant, zone);
        var boundaries = new List<DateTimeOffset>();
        for (var d = -1; d <= LookAheadDays; d++)
        {
            var day = today.AddDays(d);
            foreach (var rule in rules)
            {
                if (!rule.Days.Includes(day.DayOfWeek))
                {
                    continue;
                }

                var (start, end) = ScheduleWindows.On(rule, day, zone);
                if (start > instant)
                {
                    boundaries.Add(start);
                }

                if (end > instant)
                {
                    boundaries.Add(end);
                }
            }
        }

        boundaries.Sort();

        // Limits are constant between boundaries, so the first boundary where they differ is the change.
        foreach (var boundary in boundaries)
        {
            if (LimitsAt(rules, boundary, zone) != current)
            {
                return boundary;
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public BandwidthLimits Current(bool urgent = false) => urgent ? BandwidthLimits.Unlimited : LimitsAt(_time.GetUtcNow());

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_service is not null)
        {
            _service.Changed -= Reload;
        }
    }

    private void Reload() => Replace(_service!.List());

    private static BandwidthLimits LimitsAt(IReadOnlyList<BandwidthRule> rules, DateTimeOffset instant, TimeZoneInfo zone)
    {
        var limits = BandwidthLimits.Unlimited;
        var today = ScheduleWindows.LocalDay(instant, zone);

        // A window is at most a day long (25 hours on a DST night), so only those starting today or yesterday can hold the instant.
        for (var d = -1; d <= 0; d++)
        {
            var day = today.AddDays(d);
            foreach (var rule in rules)
            {
                if (!rule.Days.Includes(day.DayOfWeek))
                {
                    continue;
                }

                var (start, end) = ScheduleWindows.On(rule, day, zone);
                if (start <= instant && instant < end)
                {
                    limits = limits.MostRestrictive(rule.Limits);
                }
            }
        }

        return limits;
    }

    private static BandwidthRule[] Snapshot(IEnumerable<BandwidthRule> rules) => rules.Where(r => r.Enabled).ToArray();
}
