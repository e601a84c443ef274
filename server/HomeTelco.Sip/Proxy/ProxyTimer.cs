using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// A one-shot timer whose callback runs under the transaction table lock (through <see cref="SipTransactionLayer.RunLocked"/>),
/// like the transaction timers. One <see cref="ITimer"/> is reused for every arming; a callback that was already on its
/// way when the timer was re-armed or stopped finds it not due and does nothing.
/// </summary>
internal sealed class ProxyTimer : IDisposable
{
    private readonly SipTransactionLayer _layer;
    private readonly TimeProvider _time;
    private readonly Action _onDue;
    private ITimer? _timer;
    private long _armedAt;
    private TimeSpan _after;
    private bool _armed;

    public ProxyTimer(SipTransactionLayer layer, Action onDue)
    {
        _layer = layer;
        _time = layer.TimeProvider;
        _onDue = onDue;
    }

    /// <summary>Arms (or re-arms) the timer to fire <paramref name="after"/> from now. Call with the table lock held.</summary>
    public void Arm(TimeSpan after)
    {
        _armed = true;
        _after = after;
        _armedAt = _time.GetTimestamp();
        _timer ??= _time.CreateTimer(static state => ((ProxyTimer)state!).OnCallback(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _timer.Change(after, Timeout.InfiniteTimeSpan);
    }

    public void Dispose()
    {
        _armed = false;
        _timer?.Dispose();
        _timer = null;
    }

    private void OnCallback() => _layer.RunLocked(static timer => timer.FireIfDue(), this);

    private void FireIfDue()
    {
        if (!_armed)
        {
            return;
        }

        var remaining = _after - _time.GetElapsedTime(_armedAt);
        if (remaining > TimeSpan.Zero)
        {
            _timer?.Change(remaining, Timeout.InfiniteTimeSpan);
            return;
        }

        _armed = false;
        _onDue();
    }
}
