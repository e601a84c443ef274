using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Proxy;

/// <summary>What RFC 3261 §16.4 route processing left: the request without this proxy's Route entries, and what they said.</summary>
internal sealed class ProxyRouting(SipMessage request, IReadOnlyList<SipEndPoint> flows, bool badToken, SipUri? nextRoute)
{
    /// <summary>The request with this proxy's Route entries removed and a strict router's Request-URI put back.</summary>
    public SipMessage Request { get; } = request;

    /// <summary>Flows named by the tokens of the removed entries, in order.</summary>
    public IReadOnlyList<SipEndPoint> Flows { get; } = flows;

    /// <summary>An entry naming this proxy carried a user part that is not a token it signed: refuse the request.</summary>
    public bool BadToken { get; } = badToken;

    /// <summary>
    /// A removed entry carried a valid token: this proxy record-routed the dialog, so the request follows its route
    /// set and needs no new authentication.
    /// </summary>
    public bool HasToken => Flows.Count > 0;

    /// <summary>The first Route entry left: the next hop when present (loose routing).</summary>
    public SipUri? NextRoute { get; } = nextRoute;

    /// <summary>
    /// The flow to send a request from <paramref name="source"/> over (RFC 5626 §5.3): the token's flow that is not the
    /// one the request came from. Null when the tokens name only the source (the request leaves its own phone's flow
    /// and is routed normally) or when neither flow is the source and there is more than one to choose from.
    /// </summary>
    public SipEndPoint? FlowToward(SipEndPoint source)
    {
        var fromKnownFlow = false;
        SipEndPoint? other = null;
        foreach (var flow in Flows)
        {
            if (SameFlow(flow, source))
            {
                fromKnownFlow = true;
            }
            else
            {
                other ??= flow;
            }
        }

        if (fromKnownFlow)
        {
            return other;
        }

        return Flows.Count == 1 ? Flows[0] : null;
    }

    /// <summary>Same transport and address; the connection id may differ when a phone reconnects from the same port.</summary>
    public static bool SameFlow(SipEndPoint a, SipEndPoint b) => a.Transport == b.Transport && a.EndPoint.Equals(b.EndPoint);
}
