using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Registrar;

/// <summary>One Contact of a REGISTER as the registrar applies it: expiry and preference already decided.</summary>
/// <param name="Uri">The contact URI, parsed (bindings are matched by RFC 3261 §19.1.4 equivalence).</param>
/// <param name="UriText">The contact URI as text, without header parameters.</param>
/// <param name="Expires">Granted seconds (0 removes the binding), after the default and the cap.</param>
/// <param name="Q">Preference 0..1, 1 when absent.</param>
/// <param name="InstanceId">+sip.instance without its quotes, if given.</param>
/// <param name="RegId">reg-id, kept only with an instance on a flow the box terminates (RFC 5626).</param>
/// <param name="BehindNat">The contact cannot be reached as written: the box must answer the flow.</param>
internal sealed record SipRegisterContact(SipUri Uri, string UriText, uint Expires, float Q, string? InstanceId, int? RegId, bool BehindNat)
{
    /// <summary>Identified by instance and reg-id rather than by its URI (RFC 5626 §6).</summary>
    public bool IsOutbound => InstanceId is not null && RegId is not null;
}
