using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// A one-shot timer whose callback runs under the transaction table lock, on the layer's
/// <see cref="SipTimerScheduler"/> like the transaction timers. Re-arming or stopping retires the earlier arming, so a
/// stale deadline never fires.
/// </summary>
internal sealed class ProxyTimer : SipScheduledTimer, IDisposable
{
    private readonly SipTimerScheduler _scheduler;
    private readonly Action _onDue;

    public ProxyTimer(SipTransactionLayer layer, Action onDue)
    {
        _scheduler = layer.Timers;
        _onDue = onDue;
    }

    /// <summary>Arms (or re-arms) the timer to fire <paramref name="after"/> from now. Call with the table lock held.</summary>
    public void Arm(TimeSpan after) => _scheduler.Schedule(this, after);

    /// <summary>Stops the timer. Call with the table lock held.</summary>
    public void Dispose() => _scheduler.Cancel(this);

    internal override void OnDue() => _onDue();
}
