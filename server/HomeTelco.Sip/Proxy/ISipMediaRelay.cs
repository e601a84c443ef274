using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// The seam for the RTP relay (ARCHITECTURE: "RTP relay inserted when either side is behind NAT"). The proxy calls it
/// with every message whose SDP would be rewritten to point media at the box, before the message is sent on; a relay
/// replaces the body (and Content-Length) in place. Called under the transaction lock: it must only allocate ports
/// from a pool it already holds, never block. Not implemented yet: <see cref="NoMediaRelay"/> leaves SDP alone.
/// </summary>
internal interface ISipMediaRelay
{
    /// <summary>An INVITE (offer, or an empty INVITE) about to go from <paramref name="caller"/> to <paramref name="callee"/>.</summary>
    void OnRequest(SipMessage request, SipEndPoint caller, SipEndPoint callee);

    /// <summary>A 18x or 2xx to an INVITE about to go upstream (answer, or offer for an empty INVITE).</summary>
    void OnResponse(SipMessage response, SipEndPoint caller, SipEndPoint callee);
}
