using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// What the transaction layer needs from the transports. Called with the transaction table lock held, so an
/// implementation must only serialize and queue (never block on a socket or a connect). A request that later fails
/// to go out is reported back through <see cref="SipTransactionLayer.ReportSendFailure"/>.
internal interface ISipTransactionTransport
{
    void Send(SipMessage message, SipEndPoint destination);

    /// Sends bytes already serialized (a Completed transaction's saved response) as one UDP datagram.
    void SendDatagram(ReadOnlySpan<byte> datagram, SipEndPoint destination);
}
