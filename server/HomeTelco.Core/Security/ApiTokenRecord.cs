namespace HomeTelco.Core.Security;

/// <summary>An API token as stored: only a hash of its secret is kept.</summary>
public sealed class ApiTokenRecord
{
    /// <summary>Public part of the token, also its key: <c>ht_{Id}_{secret}</c>.</summary>
    public string Id { get; set; } = "";

    public int UserId { get; set; }

    /// <summary>What the person called it ("Home Assistant", "backup script").</summary>
    public string Name { get; set; } = "";

    /// <summary>SHA-256 of the secret part, hex.</summary>
    public string SecretHash { get; set; } = "";

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
