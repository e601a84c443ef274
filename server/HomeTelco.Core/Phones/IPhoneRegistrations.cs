namespace HomeTelco.Core.Phones;

/// <summary>The SIP engine's live registrations, read by the Phones page and <c>/api/extensions</c>; empty while SIP is off.</summary>
public interface IPhoneRegistrations
{
    /// <summary>Current (unexpired) registrations, all extensions or one.</summary>
    IReadOnlyList<PhoneRegistration> List(string? number = null);
}
