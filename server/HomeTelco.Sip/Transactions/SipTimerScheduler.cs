namespace HomeTelco.Sip.Transactions;

/// <summary>
/// Every timer of one transaction layer (the transactions' RFC 3261 timers, the proxy's Timer C) on one
/// <see cref="ITimer"/>, armed for the earliest deadline: a call arms and disarms several timers within milliseconds,
/// and an <see cref="ITimer"/> each cost an allocation, a finalizer and a trip through the runtime's timer queue. The
/// deadlines live in a heap; disarming only marks an entry stale (it is skipped when it comes up, and the heap is
/// rebuilt once stale entries outnumber live ones, so disarmed timers do not keep their transactions alive for long).
/// Deadlines are exact on the layer's <see cref="TimeProvider"/>, so a fake clock fires each timer when it reaches it.
/// Not thread-safe: every member runs with the transaction table lock held.
/// </summary>
internal sealed class SipTimerScheduler : IDisposable
{
    private const int MinStaleToRebuild = 1024;

    private readonly PriorityQueue<(SipScheduledTimer Timer, long Generation), long> _heap = new();
    private readonly TimeProvider _time;
    private readonly ITimer _wakeUp;
    private long _wakeAt = long.MaxValue;
    private int _stale;

    // Set while FireDue runs: timers armed or disarmed by the callbacks leave the wake-up to FireDue's end.
    private bool _firing;

    /// <param name="time">The layer's clock.</param>
    /// <param name="fireUnderLock">Takes the table lock and calls <see cref="FireDue"/>.</param>
    public SipTimerScheduler(TimeProvider time, Action fireUnderLock)
    {
        _time = time;
        _wakeUp = time.CreateTimer(static state => ((Action)state!)(), fireUnderLock, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// Entries in the heap, stale ones included (for tests and the status page).
    public int Count => _heap.Count;

    /// Arms (or re-arms) <paramref name="timer"/> to come due <paramref name="after"/> from now.
    public void Schedule(SipScheduledTimer timer, TimeSpan after)
    {
        Retire(timer);
        timer.Pending = true;
        var now = _time.GetTimestamp();
        var due = now + ToTimestamp(after);
        _heap.Enqueue((timer, timer.Generation), due);
        if (due < _wakeAt && !_firing)
        {
            WakeAt(due, now);
        }
    }

    /// Disarms <paramref name="timer"/>; nothing happens if it is not armed.
    public void Cancel(SipScheduledTimer timer)
    {
        if (!timer.Pending)
        {
            return;
        }

        Retire(timer);
        if (!RebuildIfMostlyStale())
        {
            // Most timers are disarmed long before they are due (a 100 Trying delay, Timer A, B, F, H, C): waking up
            // for one only to find it stale costs a pool thread each time, so the wake-up moves to the next live one.
            DropStaleHead();
        }

        if (_firing)
        {
            return;
        }

        var hasNext = _heap.TryPeek(out _, out var next);
        if (!hasNext)
        {
            if (_wakeAt != long.MaxValue)
            {
                _wakeAt = long.MaxValue;
                _wakeUp.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
        else if (next != _wakeAt)
        {
            WakeAt(next, _time.GetTimestamp());
        }
    }

    /// Fires every timer whose deadline has passed, in deadline order, then waits for the next one.
    public void FireDue()
    {
        _wakeAt = long.MaxValue;
        _firing = true;
        try
        {
            var now = _time.GetTimestamp();
            while (_heap.TryPeek(out var entry, out var due))
            {
                if (!IsLive(entry))
                {
                    DropStaleHead();
                    continue;
                }

                if (due > now)
                {
                    break;
                }

                _heap.Dequeue();
                entry.Timer.Pending = false;
                entry.Timer.Generation++;
                entry.Timer.OnDue();
            }
        }
        finally
        {
            _firing = false;
        }

        if (_heap.TryPeek(out _, out var next))
        {
            WakeAt(next, _time.GetTimestamp());
        }
    }

    public void Clear()
    {
        _heap.Clear();
        _stale = 0;
        _wakeAt = long.MaxValue;
        _wakeUp.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _wakeUp.Dispose();

    private static bool IsLive((SipScheduledTimer Timer, long Generation) entry) =>
        entry.Timer.Pending && entry.Timer.Generation == entry.Generation;

    private void Retire(SipScheduledTimer timer)
    {
        if (timer.Pending)
        {
            timer.Pending = false;
            _stale++;
        }

        timer.Generation++;
    }

    private void DropStaleHead()
    {
        while (_heap.TryPeek(out var entry, out _) && !IsLive(entry))
        {
            _heap.Dequeue();
            _stale = Math.Max(0, _stale - 1);
        }
    }

    private bool RebuildIfMostlyStale()
    {
        if (_stale < MinStaleToRebuild || _stale * 2 < _heap.Count)
        {
            return false;
        }

        var live = new List<((SipScheduledTimer, long), long)>(_heap.Count - _stale);
        foreach (var (entry, due) in _heap.UnorderedItems)
        {
            if (IsLive(entry))
            {
                live.Add((entry, due));
            }
        }

        _heap.Clear();
        _heap.EnqueueRange(live);
        _stale = 0;
        if (_heap.Count == 0)
        {
            _heap.TrimExcess();
        }

        return true;
    }

    private void WakeAt(long due, long now)
    {
        _wakeAt = due;
        _wakeUp.Change(ToTimeSpan(Math.Max(0, due - now)), Timeout.InfiniteTimeSpan);
    }

    private long ToTimestamp(TimeSpan span) =>
        (long)CeilingDivide((Int128)span.Ticks * _time.TimestampFrequency, TimeSpan.TicksPerSecond);

    // Rounded up: a wake-up a hair early would find nothing due and cost another trip.
    private TimeSpan ToTimeSpan(long timestamps) =>
        TimeSpan.FromTicks((long)CeilingDivide((Int128)timestamps * TimeSpan.TicksPerSecond, _time.TimestampFrequency));

    private static Int128 CeilingDivide(Int128 value, long divisor) => (value + divisor - 1) / divisor;
}
