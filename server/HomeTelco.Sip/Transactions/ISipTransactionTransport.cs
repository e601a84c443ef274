using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Transactions;

/// What the transaction layer needs from the transports. Called with the transaction table lock held, so an
/// implementation must only serialize and queue (never block on a socket or a connect).
internal interface ISipTransactionTransport
{
    void Send(SipMessage message, SipEndPoint destination);
}
