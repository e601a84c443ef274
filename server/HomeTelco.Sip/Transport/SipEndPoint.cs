using System.Net;

namespace HomeTelco.Sip.Transport;

/// Where a message goes or came from (for an incoming one: the observed source, which RFC 3581 answers). <paramref name="ConnectionId"/> names the connection a stream transport received
/// on, so responses go back over it (RFC 3261 §18.2.2); null for UDP and for "open or reuse any connection".
internal sealed record SipEndPoint(SipTransportKind Transport, IPEndPoint EndPoint, long? ConnectionId = null)
{
    /// Only UDP loses messages; on TCP, TLS and WebSocket the transaction layer neither retransmits nor waits out stray
    /// retransmissions (Timers A, E, G unused; D, I, J, K zero; RFC 3261 §17).
    public bool IsReliable => Transport != SipTransportKind.Udp;
}
