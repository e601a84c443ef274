namespace HomeTelco.Sip.Transactions;

/// <summary>
/// Every timer of one transaction layer (the transactions' RFC 3261 timers, the proxy's Timer C) on one
/// <see cref="ITimer"/>, armed for the earliest deadline: a call arms and disarms several timers within milliseconds,
/// and an <see cref="ITimer"/> each cost an allocation, a finalizer and a trip through the runtime's timer queue. The
/// deadlines live in a heap; disarming only makes an entry stale (it is skipped when it comes up, and the heap is
/// rebuilt once stale entries outnumber live ones). A pending timer holds a slot of this scheduler and the heap's
/// entries name slots, not timers: disarming empties the slot, so a stale entry keeps nothing alive. (When entries held
/// the timers, each disarmed Timer C or B kept its transaction, messages and proxy context until the next rebuild,
/// a fifth of a second under a call burst: long enough to be copied into the old generation.)
/// Deadlines are exact on the layer's <see cref="TimeProvider"/>, so a fake clock fires each timer when it reaches it.
/// Not thread-safe: every member runs with the transaction table lock held.
/// </summary>
internal sealed class SipTimerScheduler : IDisposable
{
    private const int MinStaleToRebuild = 1024;

    private const int InitialSlots = 16;

    // Entries name a slot and the arming they were made for; an entry whose slot holds a later arming, or none, is stale.
    private readonly PriorityQueue<(int Slot, long Arming), long> _heap = new();
    private readonly TimeProvider _time;
    private readonly ITimer _wakeUp;
    private Slot[] _slots = new Slot[InitialSlots];
    private int _usedSlots;
    private int _firstFree = -1;
    private int _pending;
    private long _lastArming;
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
        if (timer.Pending)
        {
            // The earlier arming's entry goes stale; the timer keeps its slot.
            _stale++;
        }
        else
        {
            timer.Slot = TakeSlot(timer);
        }

        var arming = ++_lastArming;
        _slots[timer.Slot].Arming = arming;
        var now = _time.GetTimestamp();
        var due = now + ToTimestamp(after);
        _heap.Enqueue((timer.Slot, arming), due);
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

        FreeSlot(timer);
        _stale++;
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
            ShrinkSlotsIfNonePending();
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
                var timer = _slots[entry.Slot].Timer!;
                FreeSlot(timer);
                timer.OnDue();
            }
        }
        finally
        {
            _firing = false;
        }

        ShrinkSlotsIfNonePending();

        if (_heap.TryPeek(out _, out var next))
        {
            WakeAt(next, _time.GetTimestamp());
        }
    }

    public void Clear()
    {
        foreach (var slot in _slots.AsSpan(0, _usedSlots))
        {
            if (slot.Timer is { } timer)
            {
                timer.Slot = -1;
            }
        }

        ResetSlots();
        _heap.Clear();
        _stale = 0;
        _wakeAt = long.MaxValue;
        _wakeUp.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _wakeUp.Dispose();

    private bool IsLive((int Slot, long Arming) entry) => _slots[entry.Slot].Arming == entry.Arming;

    private int TakeSlot(SipScheduledTimer timer)
    {
        int slot;
        if (_firstFree >= 0)
        {
            slot = _firstFree;
            _firstFree = _slots[slot].NextFree;
        }
        else
        {
            if (_usedSlots == _slots.Length)
            {
                Array.Resize(ref _slots, _slots.Length * 2);
            }

            slot = _usedSlots++;
        }

        _slots[slot] = new Slot { Timer = timer, NextFree = -1 };
        _pending++;
        return slot;
    }

    // Arming 0 is never handed out, so every entry naming a freed slot is stale until the slot's next arming.
    private void FreeSlot(SipScheduledTimer timer)
    {
        var slot = timer.Slot;
        _slots[slot] = new Slot { NextFree = _firstFree };
        _firstFree = slot;
        timer.Slot = -1;
        _pending--;
    }

    // A burst leaves the slot array large; once nothing is pending and no entry names a slot, it goes back to its
    // first size.
    private void ShrinkSlotsIfNonePending()
    {
        if (_pending == 0 && _heap.Count == 0 && _slots.Length > InitialSlots)
        {
            ResetSlots();
        }
    }

    private void ResetSlots()
    {
        _slots = new Slot[InitialSlots];
        _usedSlots = 0;
        _firstFree = -1;
        _pending = 0;
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

        var live = new List<((int, long), long)>(_heap.Count - _stale);
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
            ShrinkSlotsIfNonePending();
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

    // A pending timer and its current arming, or a free slot and the next free one.
    private struct Slot
    {
        public SipScheduledTimer? Timer;
        public long Arming;
        public int NextFree;
    }
}
