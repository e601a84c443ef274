namespace HomeTelco.Sip.Transactions;

/// One timer slot of a transaction, reused for every RFC timer it carries, on the layer's
/// <see cref="SipTimerScheduler"/> (arming allocates nothing). The slot remembers which RFC timer is armed; disarming
/// or re-arming retires the earlier arming, so a stale deadline never fires.
internal sealed class SipTransactionTimer : SipScheduledTimer, IDisposable
{
    private readonly SipTransaction _owner;
    private readonly SipTimerScheduler _scheduler;

    public SipTransactionTimer(SipTransaction owner, SipTimerScheduler scheduler)
    {
        _owner = owner;
        _scheduler = scheduler;
    }

    public SipTimerKind Armed { get; private set; }

    /// The interval last armed; retransmission timers double it.
    public TimeSpan Interval { get; private set; }

    public void Arm(SipTimerKind kind, TimeSpan after)
    {
        Armed = kind;
        Interval = after;
        _scheduler.Schedule(this, after);
    }

    public void Disarm()
    {
        if (Armed == SipTimerKind.None)
        {
            return;
        }

        Armed = SipTimerKind.None;
        _scheduler.Cancel(this);
    }

    public void Dispose() => Disarm();

    internal override void OnDue()
    {
        var due = Armed;
        Armed = SipTimerKind.None;
        if (due != SipTimerKind.None && _owner.State != SipTransactionState.Terminated)
        {
            _owner.OnTimer(due);
        }
    }
}
