using System.Net;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// Where a message came from: the transport, the observed remote address (RFC 3581: responses go back
/// here, not to what the Via claims) and, for connection-oriented transports, the connection to reuse.
/// </summary>
internal sealed record SipSource(SipTransportKind Transport, IPEndPoint Remote, long ConnectionId = 0)
{
    public string ViaTransport => Transport == SipTransportKind.Udp ? "UDP" : "TCP";
}
