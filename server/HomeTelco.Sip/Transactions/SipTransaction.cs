using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// What the four RFC 3261 §17 machines share. Every member runs with the layer's transaction table lock held: the
/// machines are plain state and never lock themselves.
internal abstract class SipTransaction
{
    private SipTransactionState _state;
    private long _lingeringSince;
    private TimeSpan _lingerFor;

    private protected SipTransaction(SipTransactionLayer layer, SipMessage request, SipEndPoint remote, SipTransactionState initialState)
    {
        Layer = layer;
        Request = request;
        Remote = remote;
        State = initialState;
        RetransmitTimer = new SipTransactionTimer(this, layer.Timers);
        TimeoutTimer = new SipTransactionTimer(this, layer.Timers);
    }

    /// The request that created the transaction.
    public SipMessage Request { get; }

    /// Where requests go (client) or where the request came from and responses go (server).
    public SipEndPoint Remote { get; }

    /// Once the transaction lingers in a compact table (<see cref="Linger"/>) the layer no longer holds this object: it
    /// keeps its lingering state until that state's timer would have ended, then reads Terminated.
    public SipTransactionState State
    {
        get => _lingeringSince != 0 && Layer.TimeProvider.GetElapsedTime(_lingeringSince) >= _lingerFor ? SipTransactionState.Terminated : _state;
        private protected set => _state = value;
    }

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

    /// Hands the rest of the current state to one of the layer's compact tables (the state's timer, retransmissions
    /// absorbed) and leaves the main table; this object lives on only while the TU holds it. Called with the lock held,
    /// after the state is set.
    private protected void Linger(SipCompactKind kind)
    {
        StopTimers();
        (_lingeringSince, _lingerFor) = Layer.Linger(this, kind, default, hasBytes: false);
    }

    /// Sends <paramref name="message"/> as a datagram and lingers as <see cref="Linger"/> does, answering
    /// retransmissions with the message's bytes; false, with nothing sent and nothing changed, when the message cannot
    /// be written.
    private protected bool SendAndLinger(SipMessage message, SipCompactKind kind)
    {
        if (!Layer.SendAndLinger(this, message, kind, out var lingering))
        {
            return false;
        }

        StopTimers();
        (_lingeringSince, _lingerFor) = lingering;
        return true;
    }

    private void StopTimers()
    {
        RetransmitTimer.Dispose();
        TimeoutTimer.Dispose();
    }

    private protected void Terminate()
    {
        if (State == SipTransactionState.Terminated)
        {
            return;
        }

        var lingering = _lingeringSince != 0;
        State = SipTransactionState.Terminated;
        RetransmitTimer.Dispose();
        TimeoutTimer.Dispose();
        if (!lingering)
        {
            Layer.Remove(this);
        }
    }
}
