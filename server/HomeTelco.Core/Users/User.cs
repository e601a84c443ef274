namespace HomeTelco.Core.Users;

/// <summary>A person who can sign in to the box. Stored in the <c>users</c> collection.</summary>
public sealed class User
{
    public int Id { get; set; }

    /// <summary>The name as the person typed it.</summary>
    public string Name { get; set; } = "";

    /// <summary>Lower-case name: the unique key, so "Anna" and "anna" are one account.</summary>
    public string NameKey { get; set; } = "";

    public UserRole Role { get; set; }

    /// <summary>Encoded by <see cref="PasswordHasher"/>; never the password itself.</summary>
    public string PasswordHash { get; set; } = "";

    /// <summary>Changes whenever credentials change, which signs out every existing session.</summary>
    public string SecurityStamp { get; set; } = "";

    /// <summary>Base32 TOTP secret while a second factor is being set up or is on.</summary>
    public string? TotpSecret { get; set; }

    public bool TotpEnabled { get; set; }

    /// <summary>The last TOTP time step accepted, so a code cannot be replayed within its window.</summary>
    public long LastTotpStep { get; set; }

    /// <summary>Hashes of the unused recovery codes.</summary>
    public List<string> RecoveryCodeHashes { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Media libraries a member may see; admins see every library whatever this holds.</summary>
    public List<int> MediaLibraryIds { get; set; } = [];

    /// <summary>Highest content rating shown to this account ("PG", "PG-13", ...); null for no limit (a child account has one).</summary>
    public string? MaxContentRating { get; set; }
}
