using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Proxy;

/// <summary>The stateful proxy (RFC 3261 §16). Placeholder answering 501 until the proxy lands.</summary>
internal sealed class SipProxy
{
#pragma warning disable CA1822 // Instance members: the real proxy keeps state.
    /// <summary>A new request other than REGISTER, OPTIONS to the box, and CANCEL.</summary>
    public void OnRequest(SipServerTransaction transaction, SipMessage request) =>
        transaction.SendResponse(SipResponseBuilder.CreateResponse(request, 501));

    /// <summary>A CANCEL; <paramref name="cancelled"/> is the INVITE server transaction it matches, if any (§9.2).</summary>
    public void OnCancel(SipServerTransaction transaction, SipMessage cancel, SipServerTransaction? cancelled) =>
        transaction.SendResponse(SipResponseBuilder.CreateResponse(cancel, cancelled is null ? 481 : 200));

    /// <summary>An ACK outside any server transaction (for a 2xx): forwarded along the dialog's route.</summary>
    public void OnAck(SipMessage ack, SipEndPoint source)
    {
        _ = ack;
        _ = source;
    }

    /// <summary>A response no client transaction claims (2xx retransmissions): forwarded statelessly (§16.7 step 3).</summary>
    public void OnStrayResponse(SipMessage response, SipEndPoint source)
    {
        _ = response;
        _ = source;
    }

    /// <summary>Timer H fired on a server transaction the proxy answered.</summary>
    public void OnServerTransactionTimedOut(SipServerTransaction transaction) => _ = transaction;
#pragma warning restore CA1822
}
