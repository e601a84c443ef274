using HomeTelco.Core.Profiles;

namespace HomeTelco.Web.Profiles;

/// <summary>The profile in use, as the Hardware profile page shows it.</summary>
/// <param name="Profile">The profile whose limits apply.</param>
/// <param name="Reason">Why this one, in a sentence ("detected: 2 GiB RAM, arm64", "chosen in the portal").</param>
/// <param name="DetectedName">What detection picked, even when overridden; null when detection found nothing.</param>
/// <param name="Overridden">True when an admin's choice (or configuration) wins over detection.</param>
public sealed record HardwareProfileChoice(HardwareProfile Profile, string Reason, string? DetectedName, bool Overridden);
