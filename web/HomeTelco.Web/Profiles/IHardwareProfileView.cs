using HomeTelco.Core.Profiles;

namespace HomeTelco.Web.Profiles;

/// <summary>
/// What the Hardware profile page needs from the host's profile service. The host registers an
/// implementation when profiles are wired; until then the page says the choice is not available.
/// </summary>
public interface IHardwareProfileView
{
    /// <summary>The profile in use and why it was chosen.</summary>
    HardwareProfileChoice Active { get; }

    /// <summary>Every profile the box knows, in display order.</summary>
    IReadOnlyList<HardwareProfile> All { get; }

    /// <summary>
    /// Chooses a profile over detection, or returns to detection when <paramref name="name"/> is null.
    /// Returns a sentence for the person (for instance that a restart applies it); throws
    /// <see cref="HomeTelco.Core.BoxRequestException"/> for an unknown name.
    /// </summary>
    string SetOverride(string? name);
}
