namespace HomeTelco.Core.Settings;

/// <summary>
/// The box's name as people see it (portal header, later <c>name.local</c> and certificates): the name an
/// admin chose in the portal, else the configured one (<c>--name</c> / <c>BoxName</c>).
/// </summary>
public sealed class BoxIdentity(SettingsStore settings, string configuredName)
{
    /// <summary>Issuer shown in authenticator apps.</summary>
    public const string Issuer = "HomeTelco";

    public string Name => settings.Get(SettingKeys.BoxName) ?? configuredName;

    /// <summary>The configured name, which <see cref="Name"/> falls back to when the portal's choice is cleared.</summary>
    public string ConfiguredName => configuredName;

    /// <summary>Saves the admin's choice; null or blank goes back to the configured name.</summary>
    public void SetName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            settings.Set(SettingKeys.BoxName, null);
            return;
        }

        var label = name.Trim().ToLowerInvariant();
        if (!HostLabel.IsValid(label))
        {
            throw new BoxRequestException("A box name is a host name label: 1 to 63 letters, digits or '-', not starting or ending with '-'.");
        }

        settings.Set(SettingKeys.BoxName, label);
    }
}
