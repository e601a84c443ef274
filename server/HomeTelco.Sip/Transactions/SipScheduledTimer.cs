namespace HomeTelco.Sip.Transactions;

/// <summary>
/// A one-shot timer kept by a <see cref="SipTimerScheduler"/>: arming it costs a heap entry, not an <see cref="ITimer"/>.
/// <see cref="OnDue"/> runs with the transaction table lock held.
/// </summary>
internal abstract class SipScheduledTimer
{
    /// Bumped on every arming and disarming: a heap entry carrying an older value is stale and skipped.
    internal long Generation { get; set; }

    /// True while an arming is pending.
    internal bool Pending { get; set; }

    /// The arming's time has come. Called once per arming, with the table lock held.
    internal abstract void OnDue();
}
