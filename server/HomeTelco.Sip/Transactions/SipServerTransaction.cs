using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// A server transaction (RFC 3261 §17.2): created by the layer for a new request, answered by the TU.
internal abstract class SipServerTransaction : SipTransaction
{
    private protected SipServerTransaction(SipTransactionLayer layer, SipMessage request, SipEndPoint source, SipServerTransactionKey? key, SipRfc2543Identity? legacyIdentity, SipTransactionState initialState)
        : base(layer, request, source, initialState)
    {
        Key = key;
        LegacyIdentity = legacyIdentity;
    }

    /// Set when the request's branch carries the magic cookie; such transactions live in the layer's dictionary.
    public SipServerTransactionKey? Key { get; }

    /// Set for RFC 2543 requests (no magic cookie), which can only be matched field by field.
    public SipRfc2543Identity? LegacyIdentity { get; }

    /// The last response sent, resent when the request is retransmitted.
    public SipMessage? LastResponse { get; private protected set; }

    /// Sends a response through the transaction. Returns false when the state no longer accepts it (a final response
    /// already sent, the transaction ended); the response is then not sent.
    public bool SendResponse(SipMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.IsRequest || response.StatusCode is < 100 or > 699)
        {
            throw new ArgumentException("A server transaction sends responses with a status code from 100 to 699.", nameof(response));
        }

        return Layer.SendResponse(this, response);
    }

    /// Arms the first timers; called before the TU sees the request.
    internal abstract void Start();

    internal abstract bool Respond(SipMessage response);

    internal abstract void OnRetransmission(SipMessage request);

    internal virtual void OnAck(SipMessage ack)
    {
        // Only INVITE server transactions are matched by ACKs.
    }

    private protected void SendAndKeep(SipMessage response)
    {
        LastResponse = response;
        Send(response);
    }
}
