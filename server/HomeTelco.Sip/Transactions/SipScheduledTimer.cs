namespace HomeTelco.Sip.Transactions;

/// <summary>
/// A one-shot timer kept by a <see cref="SipTimerScheduler"/>: arming it costs a heap entry, not an <see cref="ITimer"/>.
/// <see cref="OnDue"/> runs with the transaction table lock held.
/// </summary>
internal abstract class SipScheduledTimer
{
    /// The scheduler's slot this timer holds while an arming is pending; -1 when none is.
    internal int Slot { get; set; } = -1;

    /// True while an arming is pending.
    internal bool Pending => Slot >= 0;

    /// The arming's time has come. Called once per arming, with the table lock held.
    internal abstract void OnDue();
}
