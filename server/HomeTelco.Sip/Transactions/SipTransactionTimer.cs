namespace HomeTelco.Sip.Transactions;

/// One timer slot of a transaction, reusing a single <see cref="ITimer"/> for every RFC timer it carries so arming
/// a timer allocates nothing. The slot remembers which RFC timer is armed and when it was armed: a callback that was
/// already on its way when the slot was disarmed or re-armed is recognised as stale under the table lock.
internal sealed class SipTransactionTimer : IDisposable
{
    private readonly SipTransaction _owner;
    private readonly TimeProvider _timeProvider;
    private ITimer? _timer;
    private long _armedAt;

    public SipTransactionTimer(SipTransaction owner, TimeProvider timeProvider)
    {
        _owner = owner;
        _timeProvider = timeProvider;
    }

    public SipTimerKind Armed { get; private set; }

    /// The interval last armed; retransmission timers double it.
    public TimeSpan Interval { get; private set; }

    public void Arm(SipTimerKind kind, TimeSpan after)
    {
        Armed = kind;
        Interval = after;
        _armedAt = _timeProvider.GetTimestamp();
        _timer ??= _timeProvider.CreateTimer(static state => ((SipTransactionTimer)state!).OnCallback(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(after, Timeout.InfiniteTimeSpan);
    }

    public void Disarm()
    {
        Armed = SipTimerKind.None;
        _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        Armed = SipTimerKind.None;
        _timer?.Dispose();
        _timer = null;
    }

    /// Called by the layer with the table lock held. Returns the RFC timer that is due, or None for a stale callback.
    internal SipTimerKind TakeDue()
    {
        if (Armed == SipTimerKind.None)
        {
            return SipTimerKind.None;
        }

        var remaining = Interval - _timeProvider.GetElapsedTime(_armedAt);
        if (remaining > TimeSpan.Zero)
        {
            // An earlier arming's callback, or a clock that fired a hair early: wait out the rest.
            _timer?.Change(remaining, Timeout.InfiniteTimeSpan);
            return SipTimerKind.None;
        }

        var due = Armed;
        Armed = SipTimerKind.None;
        return due;
    }

    private void OnCallback() => _owner.Layer.OnTimerCallback(_owner, this);
}
