using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// What the four RFC 3261 §17 machines share. Every member runs with the layer's transaction table lock held: the
/// machines are plain state and never lock themselves.
internal abstract class SipTransaction
{
    private protected SipTransaction(SipTransactionLayer layer, SipMessage request, SipEndPoint remote, SipTransactionState initialState)
    {
        Layer = layer;
        Request = request;
        Remote = remote;
        State = initialState;
        RetransmitTimer = new SipTransactionTimer(this, layer.TimeProvider);
        TimeoutTimer = new SipTransactionTimer(this, layer.TimeProvider);
    }

    /// The request that created the transaction.
    public SipMessage Request { get; }

    /// Where requests go (client) or where the request came from and responses go (server).
    public SipEndPoint Remote { get; }

    public virtual SipTransactionState State { get; private protected set; }

    internal SipTransactionLayer Layer { get; }

    /// Carries A, E, G and the 100 Trying delay: the timers that make something be sent.
    private protected SipTransactionTimer RetransmitTimer { get; }

    /// Carries B, D, F, H, I, J, K, L, M: the timers that end a state.
    private protected SipTransactionTimer TimeoutTimer { get; }

    private protected SipTransactionOptions Options => Layer.Options;

    private protected bool IsReliable => Remote.IsReliable;

    internal abstract void OnTimer(SipTimerKind kind);

    private protected void Send(SipMessage message) => Layer.Transport.Send(message, Remote);

    /// The next interval of a doubling retransmission timer, optionally capped at T2.
    private protected TimeSpan Doubled(bool capAtT2)
    {
        var next = RetransmitTimer.Interval * 2;
        return capAtT2 && next > Options.T2 ? Options.T2 : next;
    }

    /// Ends the transaction without telling anyone; used when the layer shuts down.
    internal void Abandon() => Terminate();

    private protected void Terminate()
    {
        if (State == SipTransactionState.Terminated)
        {
            return;
        }

        State = SipTransactionState.Terminated;
        RetransmitTimer.Dispose();
        TimeoutTimer.Dispose();
        Layer.Remove(this);
    }
}
