using System.Buffers;
using System.Net;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Serialization;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// Puts messages on the wire for the transaction layer and the TU. Called with the transaction table lock held, so it
/// never blocks: UDP is a non-blocking sendto; on stream transports the serialized bytes (a pooled buffer, handed over
/// without a copy) join the queue of the destination's connection, which is the one named by the destination, else an
/// open one to the same address and port, else a new one (RFC 3261 §18.1.1, §18.2.2). A message that cannot go out, now
/// or later from the queue, is reported to the transaction layer (RFC 3261 §17.1.4).
/// </summary>
internal sealed class SipSender(SipUdpTransport? udp, SipConnectionTable? connections, SipStreamTransport? streams) : ISipTransactionTransport
{
    /// <summary>Set once the transaction layers exist; a request that cannot go out is reported there (RFC 3261 §17.1.4).</summary>
    public Action<SipMessage>? SendFailed { get; set; }

    public void Send(SipMessage message, SipEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(destination);
        var buffer = ArrayPool<byte>.Shared.Rent(SipSerializer.GetByteCount(message));
        bool sent;
        if (!SipSerializer.TryWrite(message, buffer, out var written))
        {
            ArrayPool<byte>.Shared.Return(buffer);
            sent = false;
        }
        else if (destination.Transport == SipTransportKind.Udp)
        {
            sent = udp?.Send(buffer.AsSpan(0, written), destination.EndPoint) ?? false;
            ArrayPool<byte>.Shared.Return(buffer);
        }
        else
        {
            var item = SipOutbound.Rented(buffer, written, message.IsRequest ? message : null);
            sent = ConnectionFor(message, destination)?.TryEnqueue(item) ?? false;
            if (!sent)
            {
                item.Release();
            }
        }

        if (!sent)
        {
            SendFailed?.Invoke(message);
        }
    }

    public void SendDatagram(ReadOnlySpan<byte> datagram, SipEndPoint destination)
    {
        ArgumentNullException.ThrowIfNull(destination);

        // Only responses go this way, and a response that cannot go out is simply lost (§17.2: the client retransmits).
        _ = udp?.Send(datagram, destination.EndPoint);
    }

    private SipConnection? ConnectionFor(SipMessage message, SipEndPoint destination)
    {
        if (connections is null)
        {
            return null;
        }

        // The connection named, if it is still open and still the one the destination describes.
        if (destination.ConnectionId is { } id && connections.Find(id) is { } live && live.Kind == destination.Transport && live.Remote.Equals(destination.EndPoint))
        {
            return live;
        }

        // §18.2.2: a response whose connection has gone goes over a new one to the received address and sent-by port.
        var target = !message.IsRequest && destination.ConnectionId is not null
            ? ResponseTarget(message, destination) ?? destination.EndPoint
            : destination.EndPoint;
        return connections.FindByRemote(destination.Transport, target) ?? streams?.Connect(destination.Transport, target);
    }

    private static IPEndPoint? ResponseTarget(SipMessage response, SipEndPoint destination)
    {
        var top = response.GetTopVia();
        if (!top.IsSuccess)
        {
            return null;
        }

        var via = top.Value!;
        var address = IPAddress.TryParse(via.Received ?? "", out var received) ? received
            : IPAddress.TryParse(via.Host.Trim('[', ']'), out var host) ? host
            : destination.EndPoint.Address;
        return new IPEndPoint(address, via.Port ?? SipTransportKinds.DefaultPort(destination.Transport));
    }
}
