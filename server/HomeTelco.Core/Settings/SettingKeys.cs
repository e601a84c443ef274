namespace HomeTelco.Core.Settings;

/// <summary>Keys of <see cref="SettingsStore"/>, in one place.</summary>
public static class SettingKeys
{
    /// <summary>"true" once the first admin exists: setup never opens again.</summary>
    public const string SetupCompleted = "setup.completed";

    /// <summary>The box's name on the LAN and in the portal.</summary>
    public const string BoxName = "box.name";

    /// <summary>A hardware profile the admin chose over the detected one.</summary>
    public const string ProfileOverride = "profile.override";

    /// <summary>
    /// The SIP digest realm, chosen once per box with a random part (so HA1s from one box are useless on another) and
    /// never changed: every stored HA1 depends on it.
    /// </summary>
    public const string SipRealm = "sip.realm";
}
