using HomeTelco.Sip.Transactions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Transactions;

/// The one-ITimer scheduler behind every transaction timer: exact deadlines on the clock, stale armings skipped.
public sealed class SipTimerSchedulerTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly SipTimerScheduler _scheduler;
    private readonly List<(string Name, TimeSpan At)> _fired = [];
    private readonly DateTimeOffset _start;
    private int _wakeUps;

    public SipTimerSchedulerTests()
    {
        _start = _time.GetUtcNow();
        _scheduler = new SipTimerScheduler(_time, () =>
        {
            _wakeUps++;
            _scheduler!.FireDue();
        });
    }

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public void FireDue_SeveralTimers_EachFiresExactlyAtItsDeadlineInOrder()
    {
        _scheduler.Schedule(Timer("b"), TimeSpan.FromMilliseconds(500));
        _scheduler.Schedule(Timer("a"), TimeSpan.FromMilliseconds(200));
        _scheduler.Schedule(Timer("c"), TimeSpan.FromSeconds(32));

        Advance(TimeSpan.FromMilliseconds(199));
        Assert.Empty(_fired);
        Advance(TimeSpan.FromMilliseconds(1));
        Advance(TimeSpan.FromSeconds(40));

        Assert.Equal([("a", TimeSpan.FromMilliseconds(200)), ("b", TimeSpan.FromMilliseconds(500)), ("c", TimeSpan.FromSeconds(32))], _fired);
    }

    [Fact]
    public void Schedule_ReArmedOrCancelled_OnlyTheLatestArmingFires()
    {
        var rearmed = Timer("rearmed");
        var cancelled = Timer("cancelled");
        _scheduler.Schedule(rearmed, TimeSpan.FromSeconds(1));
        _scheduler.Schedule(cancelled, TimeSpan.FromSeconds(1));
        _scheduler.Schedule(rearmed, TimeSpan.FromSeconds(3));
        _scheduler.Cancel(cancelled);

        Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([("rearmed", TimeSpan.FromSeconds(3))], _fired);
        Assert.Equal(0, _scheduler.Count);
    }

    [Fact]
    public void Cancel_ManyLongTimers_HeapRebuiltSoDisarmedTimersAreNotHeld()
    {
        for (var i = 0; i < 3000; i++)
        {
            var timer = Timer("t");
            _scheduler.Schedule(timer, TimeSpan.FromSeconds(32));
            _scheduler.Cancel(timer);
        }

        Assert.True(_scheduler.Count < 1100, $"{_scheduler.Count} entries left");
        Advance(TimeSpan.FromSeconds(40));
        Assert.Empty(_fired);
    }

    [Fact]
    public void Cancel_TheStaleEntryLeft_DoesNotKeepTheTimerAlive()
    {
        // A live timer first, so the disarmed one's entry is not at the top of the heap and stays there, stale.
        _scheduler.Schedule(Timer("live"), TimeSpan.FromSeconds(1));
        var disarmed = ArmAndDisarm(TimeSpan.FromSeconds(180));

        GC.Collect();
        GC.WaitForPendingFinalizers();

        Assert.Equal(2, _scheduler.Count);
        Assert.False(disarmed.IsAlive, "a disarmed timer (and the transaction behind it) is still reachable from the scheduler");
    }

    [Fact]
    public void Schedule_ASlotFreedAndTakenAgain_TheOldStaleEntryDoesNotFireTheNewTimer()
    {
        _scheduler.Schedule(Timer("live"), TimeSpan.FromMilliseconds(500));
        var first = Timer("first");
        _scheduler.Schedule(first, TimeSpan.FromSeconds(1));
        _scheduler.Cancel(first);
        _scheduler.Schedule(Timer("second"), TimeSpan.FromSeconds(3));

        Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([("live", TimeSpan.FromMilliseconds(500)), ("second", TimeSpan.FromSeconds(3))], _fired);
    }

    [Fact]
    public void Cancel_TimersDisarmedBeforeTheirDeadline_NoWakeUpForThem()
    {
        var live = Timer("live");
        _scheduler.Schedule(live, TimeSpan.FromSeconds(5));
        for (var i = 0; i < 50; i++)
        {
            var trying = Timer("trying");
            _scheduler.Schedule(trying, TimeSpan.FromMilliseconds(200 + i));
            Advance(TimeSpan.FromMilliseconds(10));
            _scheduler.Cancel(trying);
        }

        Advance(TimeSpan.FromSeconds(10));

        Assert.Equal([("live", TimeSpan.FromSeconds(5))], _fired);
        Assert.Equal(1, _wakeUps);
    }

    [Fact]
    public void OnDue_ArmsAnotherTimer_ThatOneFiresAtItsOwnDeadline()
    {
        var second = Timer("second");
        _scheduler.Schedule(new Recorder(this, "first", () => _scheduler.Schedule(second, TimeSpan.FromSeconds(2))), TimeSpan.FromSeconds(1));

        Advance(TimeSpan.FromSeconds(5));

        Assert.Equal([("first", TimeSpan.FromSeconds(1)), ("second", TimeSpan.FromSeconds(3))], _fired);
    }

    private Recorder Timer(string name) => new(this, name, null);

    // Not inlined, so no local of the caller's frame keeps the timer reachable.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private WeakReference ArmAndDisarm(TimeSpan after)
    {
        var timer = Timer("disarmed");
        _scheduler.Schedule(timer, after);
        _scheduler.Cancel(timer);
        return new WeakReference(timer);
    }

    /// In 10 ms steps, as the transaction tests move the clock: a fake clock fires what a step crosses at the step's end.
    private void Advance(TimeSpan by)
    {
        var step = TimeSpan.FromMilliseconds(10);
        while (by > TimeSpan.Zero)
        {
            var next = by < step ? by : step;
            _time.Advance(next);
            by -= next;
        }
    }

    private sealed class Recorder(SipTimerSchedulerTests tests, string name, Action? then) : SipScheduledTimer
    {
        internal override void OnDue()
        {
            tests._fired.Add((name, tests._time.GetUtcNow() - tests._start));
            then?.Invoke();
        }
    }
}
