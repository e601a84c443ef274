namespace HomeTelco.Sip.Proxy;

/// <summary>Who sent an out-of-dialog request, once the proxy let it through.</summary>
/// <param name="Number">The authenticated extension, or the From user of a trusted peer's request.</param>
/// <param name="DisplayName">The From display name, for the call record.</param>
/// <param name="Authenticated">True when digest credentials proved <paramref name="Number"/>.</param>
internal sealed record ProxyCaller(string Number, string? DisplayName, bool Authenticated);
