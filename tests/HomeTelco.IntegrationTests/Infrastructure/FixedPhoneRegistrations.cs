using HomeTelco.Core.Phones;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>
/// Stands in for the SIP registrar's view of live registrations, which is not in this build yet: the seam the
/// portal and the API read through is one method, so a test sets what the registrar would report.
/// </summary>
public sealed class FixedPhoneRegistrations : IPhoneRegistrations
{
    private volatile IReadOnlyList<PhoneRegistration> _registrations = [];

    public void Set(params PhoneRegistration[] registrations) => _registrations = registrations;

    public IReadOnlyList<PhoneRegistration> List(string? number = null) =>
        [.. _registrations.Where(r => number is null || r.Number == number)];
}
