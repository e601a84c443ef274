using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Proxy;

/// <summary>No trunks configured: no peer is trusted without credentials and nothing outside the box is routed.</summary>
internal sealed class NoTrunks : ISipTrunks
{
    public static NoTrunks Instance { get; } = new();

    public bool IsTrunkPeer(SipEndPoint source) => false;

    public ProxyTarget? Route(SipUri destination, string caller) => null;
}
