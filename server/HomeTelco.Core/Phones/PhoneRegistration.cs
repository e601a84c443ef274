namespace HomeTelco.Core.Phones;

/// <summary>One device registered to an extension, as the portal and the API show it.</summary>
/// <param name="Number">The extension.</param>
/// <param name="Contact">The contact URI the phone registered.</param>
/// <param name="Transport">"UDP", "TCP", "TLS" or "WS".</param>
/// <param name="Source">The address and port the registration came from (what NAT shows us).</param>
/// <param name="UserAgent">The phone's User-Agent header, if it sent one.</param>
/// <param name="BehindNat">True when the contact differs from the observed source, so the box answers the flow instead.</param>
/// <param name="ExpiresAt">When the binding lapses unless refreshed.</param>
public sealed record PhoneRegistration(string Number, string Contact, string Transport, string Source, string? UserAgent, bool BehindNat, DateTimeOffset ExpiresAt);
