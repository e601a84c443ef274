using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// The engine's transaction user for everything that arrives (UAS cores, proxy, registrar). Called with the
/// transaction table lock held: it may call back into the layer (the lock is re-entrant) but must not block.
internal interface ISipTransactionUser
{
    /// A new request with its server transaction; the TU answers through <see cref="SipServerTransaction.SendResponse"/>.
    void OnRequest(SipServerTransaction transaction, SipMessage request);

    /// An ACK that belongs to no INVITE server transaction (the ACK for a 2xx, RFC 3261 §17.2.3) or that arrived while
    /// one was Accepted (RFC 6026 §8.7); the dialog owns it.
    void OnAck(SipMessage ack, SipEndPoint source);

    /// A response no client transaction claims: 2xx retransmissions after the transaction ended, or responses a
    /// stateless proxy forwards (RFC 3261 §17.1.3 "passed to the core").
    void OnStrayResponse(SipMessage response, SipEndPoint source);

    /// Timer H fired: the final non-2xx response was never acknowledged (RFC 3261 §17.2.1).
    void OnServerTransactionTimedOut(SipServerTransaction transaction);
}
