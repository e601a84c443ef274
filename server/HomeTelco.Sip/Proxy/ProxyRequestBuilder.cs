using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// Makes the request one branch sends (RFC 3261 §16.6): a copy with the target's Request-URI, Max-Forwards one lower,
/// Record-Route entries carrying flow tokens, the target's Path as Route, the proxy's own credentials removed and a
/// new Via on top. The Via carries a token for the upstream flow too, so a response that outlives its transaction
/// can still be sent back statelessly over the right connection.
/// </summary>
internal sealed class ProxyRequestBuilder(ProxyHop hop, SipFlowTokens tokens, Func<string> realm)
{
    /// <summary>The Via parameter holding the upstream flow token.</summary>
    public const string FlowParameter = "ht-flow";

    /// <param name="template">The request after route processing (§16.4), shared by every branch.</param>
    /// <param name="target">The branch's new Request-URI and Path; null keeps the Request-URI (requests in a dialog).</param>
    /// <param name="upstream">The flow the request came from.</param>
    /// <param name="destination">Where the branch sends.</param>
    /// <param name="recordRoute">Whether to stay on the dialog's path (initial INVITE, SUBSCRIBE, REFER).</param>
    public SipMessage Build(SipMessage template, ProxyTarget? target, SipEndPoint upstream, SipEndPoint destination, bool recordRoute)
    {
        var request = target is null
            ? ProxyMessages.CopyRequest(template)
            : ProxyMessages.CopyRequest(template, target.RequestUri, target.RawRequestUri);
        ProxyMessages.DecrementMaxForwards(request);
        if (recordRoute)
        {
            ProxyMessages.PrependRecordRoutes(request, RecordRoutes(upstream, destination));
        }

        if (target is not null)
        {
            ProxyMessages.PrependRoutes(request, target.Routes);
        }

        // The realm is read each time: a restore of another box's backup changes it.
        ProxyMessages.RemoveOwnCredentials(request, realm());
        ProxyMessages.PushVia(request, Via(upstream, destination));
        return request;
    }

    /// <summary>A Via for a request going to <paramref name="destination"/> with a fresh branch (§16.6 step 8).</summary>
    public string Via(SipEndPoint upstream, SipEndPoint destination) =>
        $"SIP/2.0/{TransportName(destination.Transport)} {hop.HostPortToward(destination.EndPoint.Address, destination.Transport)};branch={SipBranch.New()};{FlowParameter}={tokens.Create(upstream)}";

    /// <summary>
    /// One entry naming both flows when both sides reach the box the same way; otherwise one entry per side (RFC 5658
    /// double record-routing), each with that side's transport, address and flow. The callee-facing entry goes on top:
    /// the callee's route set starts with it, the caller's (reversed) ends with it.
    /// </summary>
    public IReadOnlyList<string> RecordRoutes(SipEndPoint caller, SipEndPoint callee)
    {
        var callerHost = hop.HostPortToward(caller.EndPoint.Address, caller.Transport);
        var calleeHost = hop.HostPortToward(callee.EndPoint.Address, callee.Transport);
        if (caller.Transport == callee.Transport && string.Equals(callerHost, calleeHost, StringComparison.Ordinal))
        {
            return [Entry(tokens.Create([caller, callee]), callerHost, caller.Transport)];
        }

        return [Entry(tokens.Create(callee), calleeHost, callee.Transport), Entry(tokens.Create(caller), callerHost, caller.Transport)];
    }

    private static string Entry(string token, string hostPort, SipTransportKind transport) =>
        $"<sip:{token}@{hostPort}{(transport == SipTransportKind.Udp ? "" : ";transport=" + TransportName(transport).ToLowerInvariant())};lr>";

    private static string TransportName(SipTransportKind transport) => transport.ToString().ToUpperInvariant();
}
