using LiteDB;

namespace HomeTelco.Core.SipSecurity;

/// <summary>
/// A source the SIP engine does not answer, stored in the <c>sip_bans</c> collection. Automatic bans expire and are
/// remembered for a while after (<see cref="Offences"/> makes the next one longer); manual bans may be permanent.
/// Instances are never changed once handed out: a change replaces the record.
/// </summary>
public sealed record SipBan
{
    /// <summary>LiteDB's id.</summary>
    public int Id { get; init; }

    /// <summary>Canonical address or CIDR range (<see cref="IpRange.ToString"/>), unique in the collection.</summary>
    public string Address { get; init; } = "";

    /// <summary>Why, in words for the portal: the scanner's User-Agent, the failure count, or what the admin wrote.</summary>
    public string Reason { get; init; } = "";

    /// <summary>True when the SIP engine's guard set the ban, false for an admin's.</summary>
    public bool Automatic { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When the ban lapses; null for a permanent ban.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>How many automatic bans this source has had in a row, this one included (1 for a first offence).</summary>
    public int Offences { get; init; } = 1;

    [BsonIgnore]
    public bool IsPermanent => ExpiresAt is null;

    public bool IsActiveAt(DateTimeOffset now) => ExpiresAt is not { } expires || expires > now;
}
