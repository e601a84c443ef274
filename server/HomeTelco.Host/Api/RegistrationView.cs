using HomeTelco.Core.Phones;

namespace HomeTelco.Host.Api;

/// <summary>One phone registered to an extension.</summary>
internal sealed record RegistrationView(string Contact, string Transport, string Source, string? UserAgent, bool BehindNat, DateTimeOffset ExpiresAt, int ExpiresInSeconds)
{
    public static RegistrationView From(PhoneRegistration r, DateTimeOffset now) =>
        new(r.Contact, r.Transport, r.Source, r.UserAgent, r.BehindNat, r.ExpiresAt, (int)Math.Max(0, Math.Ceiling((r.ExpiresAt - now).TotalSeconds)));
}
