using System.Buffers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Serialization;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// Puts messages on the wire for the transaction layer and the TU. Called with the transaction table lock held, so it
/// never blocks: UDP is a non-blocking sendto, stream transports queue the bytes on their connection.
/// </summary>
internal sealed class SipSender(SipUdpTransport? udp, SipTcpTransport? tcp) : ISipTransactionTransport
{
    /// <summary>Set once the transaction layer exists; a request that cannot go out is reported to it (RFC 3261 §17.1.4).</summary>
    public SipTransactionLayer? Layer { get; set; }

    public void Send(SipMessage message, SipEndPoint destination)
    {
        var size = SipSerializer.GetByteCount(message);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        var sent = false;
        try
        {
            if (SipSerializer.TryWrite(message, buffer, out var written))
            {
                sent = destination.Transport switch
                {
                    SipTransportKind.Udp => udp?.Send(buffer.AsSpan(0, written), destination.EndPoint) ?? false,
                    SipTransportKind.Tcp => tcp?.Enqueue(destination.ConnectionId, buffer.AsSpan(0, written)) ?? false,
                    _ => false,
                };
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        if (!sent)
        {
            Layer?.ReportSendFailure(message);
        }
    }
}
