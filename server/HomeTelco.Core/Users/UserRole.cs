namespace HomeTelco.Core.Users;

/// <summary>What a person may do on the box.</summary>
public enum UserRole
{
    /// <summary>Uses the box: calls, media, downloads of their own.</summary>
    Member,

    /// <summary>Runs the box: users, settings, backups, every engine's configuration.</summary>
    Admin,
}
