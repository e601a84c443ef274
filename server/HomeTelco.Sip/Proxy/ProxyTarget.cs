using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// One branch to fork to (RFC 3261 §16.5): the Request-URI it gets, where it is sent (a phone's flow or the resolved
/// next hop) and the Route entries put on top (a binding's Path, RFC 3327).
/// </summary>
/// <param name="RequestUri">The new Request-URI.</param>
/// <param name="RawRequestUri">The Request-URI as the phone registered it, written back unchanged.</param>
/// <param name="Destination">Transport, address and connection to send to.</param>
/// <param name="Routes">Route header values to add, top first.</param>
internal sealed record ProxyTarget(SipUri RequestUri, string RawRequestUri, SipEndPoint Destination, IReadOnlyList<string> Routes);
