using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Defence;

/// <summary>
/// The SIP engine's defence: which sources are heard at all, and what the registrar and proxy report about them.
/// Placeholder that admits everyone until rate limits and bans land.
/// </summary>
internal sealed class SipGuard
{
    /// <summary>False when the message from <paramref name="source"/> is to be ignored without an answer.</summary>
#pragma warning disable CA1822 // Instance members: the real guard keeps per-source state.
    public bool Admit(SipMessage message, SipEndPoint source) => message is not null && source is not null;

    /// <summary>Digest credentials were wrong, or named an extension that does not exist.</summary>
    public void AuthenticationFailed(SipEndPoint source, string? user)
    {
        _ = source;
        _ = user;
    }

    /// <summary>A request was addressed to an extension or domain that is not ours.</summary>
    public void ProbedUnknown(SipEndPoint source, string? target)
    {
        _ = source;
        _ = target;
    }

    /// <summary>Digest credentials were right: the source is a phone of the box.</summary>
    public void Authenticated(SipEndPoint source, string user)
    {
        _ = source;
        _ = user;
    }
#pragma warning restore CA1822
}
