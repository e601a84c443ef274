using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// A client transaction (RFC 3261 §17.1): started by the layer, fed the responses that match it.
internal abstract class SipClientTransaction : SipTransaction
{
    private protected SipClientTransaction(SipTransactionLayer layer, SipMessage request, SipEndPoint destination, SipClientTransactionKey key, ISipClientTransactionUser user, SipTransactionState initialState)
        : base(layer, request, destination, initialState)
    {
        Key = key;
        User = user;
    }

    public SipClientTransactionKey Key { get; }

    /// True when Timer B or F ended the transaction and the TU was given a locally made 408.
    public bool TimedOut { get; private set; }

    /// True when the transport reported it could not send the request and the TU was given a locally made 503.
    public bool TransportFailed { get; private set; }

    private protected ISipClientTransactionUser User { get; }

    /// Sends the request and arms the first timers.
    internal abstract void Start();

    internal abstract void OnResponse(SipMessage response);

    /// RFC 3261 §17.1.4: a request the transport could not deliver ends the transaction; the TU sees a 503 as
    /// §8.1.3.1 asks. Failures after a final response (an ACK that did not go out) change nothing.
    internal void OnTransportError()
    {
        if (State is SipTransactionState.Calling or SipTransactionState.Trying or SipTransactionState.Proceeding)
        {
            TransportFailed = true;
            Terminate();
            User.OnResponse(this, SipResponseBuilder.CreateResponse(Request, 503));
        }
    }

    private protected void TimeOut()
    {
        TimedOut = true;
        Terminate();
        User.OnResponse(this, SipResponseBuilder.CreateResponse(Request, 408));
    }
}
