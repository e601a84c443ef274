using HomeTelco.Core.Settings;

namespace HomeTelco.Core.Profiles;

/// <summary>
/// The hardware profile in force and why. Precedence: a name from configuration or the command line,
/// then an override chosen in the portal (stored in settings), then detection. Engines size themselves
/// from <see cref="Active"/> at start, so a new override takes effect at the next start.
/// </summary>
public sealed class ProfileService
{
    private readonly SettingsStore _settings;
    private readonly HardwareProfile? _configured;
    private readonly Lock _activeLock = new();
    private ProfileChoice? _active;

    /// <summary>
    /// Detects the machine's profile and checks <paramref name="configuredOverride"/> against the
    /// catalog. Throws <see cref="ProfileException"/> naming the known profiles when the configured
    /// name matches none, so a typo stops the box at start rather than running with other limits.
    /// </summary>
    public ProfileService(IReadOnlyList<HardwareProfile> catalog, MachineFacts facts, SettingsStore settings, string? configuredOverride)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(settings);
        All = catalog;
        _settings = settings;
        Detected = ProfileDetector.Detect(facts, catalog);
        if (!string.IsNullOrWhiteSpace(configuredOverride))
        {
            _configured = Find(configuredOverride.Trim())
                ?? throw new ProfileException($"The configured hardware profile '{configuredOverride}' (setting Profile or option --profile) is not installed; known profiles: {KnownNames()}.");
        }
    }

    /// <summary>Every installed profile, smallest memory budget first.</summary>
    public IReadOnlyList<HardwareProfile> All { get; }

    /// <summary>What detection chose for this machine, whatever is in force.</summary>
    public ProfileChoice Detected { get; }

    /// <summary>The profile in force, with where it comes from.</summary>
    public ProfileChoice Active
    {
        get
        {
            lock (_activeLock)
            {
                return _active ??= Resolve();
            }
        }
    }

    /// <summary>
    /// Stores (or with null or empty, clears) the portal's override. Throws
    /// <see cref="BoxRequestException"/> naming the known profiles when <paramref name="name"/> matches none.
    /// </summary>
    public void SetOverride(string? name)
    {
        HardwareProfile? profile = null;
        if (!string.IsNullOrWhiteSpace(name))
        {
            profile = Find(name.Trim())
                ?? throw new BoxRequestException($"There is no hardware profile '{name}'; known profiles: {KnownNames()}.");
        }

        lock (_activeLock)
        {
            _settings.Set(SettingKeys.ProfileOverride, profile?.Name);
            _active = null;
        }
    }

    private ProfileChoice Resolve()
    {
        var detected = Detected.Profile.Name;
        var storedName = _settings.Get(SettingKeys.ProfileOverride);
        var stored = string.IsNullOrWhiteSpace(storedName) ? null : Find(storedName);
        if (_configured is not null)
        {
            var shadowed = stored is not null && stored.Name != _configured.Name
                ? $"; the portal's choice {stored.Name} waits until the setting is removed"
                : string.Empty;
            return new ProfileChoice(_configured, $"{_configured.Name} is set by the configuration or command line (Profile / --profile), which wins over detection ({detected}){shadowed}.", detected, Overridden: true);
        }

        if (stored is not null)
        {
            return new ProfileChoice(stored, $"{stored.Name} was chosen in the portal over the detected {detected}.", detected, Overridden: true);
        }

        if (!string.IsNullOrWhiteSpace(storedName))
        {
            // A profile file removed by an upgrade must not stop the box: detection takes over and says so.
            return Detected with { Reason = $"The portal chose '{storedName}', which is no longer installed, so detection decides: {Detected.Reason}" };
        }

        return Detected;
    }

    private HardwareProfile? Find(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private string KnownNames() => string.Join(", ", All.Select(p => p.Name));
}
