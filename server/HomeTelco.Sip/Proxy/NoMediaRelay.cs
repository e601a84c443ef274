using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Proxy;

/// <summary>Media flows directly between the phones: SDP goes through unchanged.</summary>
internal sealed class NoMediaRelay : ISipMediaRelay
{
    public static NoMediaRelay Instance { get; } = new();

    public void OnRequest(SipMessage request, SipEndPoint caller, SipEndPoint callee)
    {
    }

    public void OnResponse(SipMessage response, SipEndPoint caller, SipEndPoint callee)
    {
    }
}
