using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// The seam where SIP trunks (a provider's service for ordinary phone numbers) will plug into the proxy. Until they
/// exist, nothing is a trunk, and a phone of the box calling a destination outside it is refused with 403
/// "No trunk for ...": the box is never an open relay.
/// </summary>
internal interface ISipTrunks
{
    /// <summary>True when <paramref name="source"/> is a provider's server whose calls come in without digest credentials.</summary>
    bool IsTrunkPeer(SipEndPoint source);

    /// <summary>Where a call from extension <paramref name="caller"/> to a foreign <paramref name="destination"/> goes; null when no trunk serves it.</summary>
    ProxyTarget? Route(SipUri destination, string caller);
}
