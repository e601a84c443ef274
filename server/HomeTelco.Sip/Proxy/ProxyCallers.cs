using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// Who may send an out-of-dialog request through the box (RFC 3261 §22.3). A request from one of the box's domains,
/// or from any source that is not a trusted trunk, must prove its From user with Proxy-Authorization (407 until it
/// does; 403 when the credentials are another extension's). A request for a foreign destination from a foreign caller
/// is refused outright: the box is not an open relay, and the guard hears of the probe.
/// </summary>
internal sealed class ProxyCallers(SipAuthenticator authenticator, SipGuard guard, ProxyHop hop, ISipTrunks trunks)
{
    /// <summary>The caller, or null when the request has been answered (400, 403 or 407).</summary>
    public ProxyCaller? Admit(SipServerTransaction transaction, SipMessage request, bool foreignTarget)
    {
        var from = request.GetFrom();
        if (!from.IsSuccess || from.Value.Uri is not { } fromUri)
        {
            transaction.SendResponse(SipResponseBuilder.CreateResponse(request, 400, "Malformed From header"));
            return null;
        }

        var source = transaction.Remote;
        var fromOurDomain = hop.IsOurDomain(fromUri);
        if (!fromOurDomain && trunks.IsTrunkPeer(source))
        {
            return new ProxyCaller(fromUri.User ?? "", from.Value.DisplayName, Authenticated: false);
        }

        if (!fromOurDomain && foreignTarget)
        {
            guard.ProbedUnknown(source, request.RequestUri?.ToString());
            transaction.SendResponse(SipResponseBuilder.CreateResponse(request, 403, "Relaying denied"));
            return null;
        }

        var user = authenticator.Authenticate(request, DigestRole.Proxy, source, out var challenge);
        if (user is null)
        {
            transaction.SendResponse(challenge!);
            return null;
        }

        if (!string.Equals(user, fromUri.User, StringComparison.Ordinal))
        {
            // Credentials of one extension may not place calls as another.
            transaction.SendResponse(SipResponseBuilder.CreateResponse(request, 403, "From does not match the credentials"));
            return null;
        }

        return new ProxyCaller(user, from.Value.DisplayName, Authenticated: true);
    }
}
