namespace HomeTelco.Core.Profiles;

/// <summary>
/// A hardware profile together with why it was chosen.
/// </summary>
/// <param name="Profile">The profile in force.</param>
/// <param name="Reason">One sentence for people: what decided it.</param>
/// <param name="DetectedName">The profile detection settled on for this machine, whatever is in force.</param>
/// <param name="Overridden">True when configuration or the portal chose <paramref name="Profile"/> over detection.</param>
public sealed record ProfileChoice(HardwareProfile Profile, string Reason, string DetectedName, bool Overridden);
