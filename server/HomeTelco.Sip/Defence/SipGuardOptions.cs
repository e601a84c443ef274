using HomeTelco.Core.SipSecurity;

namespace HomeTelco.Sip.Defence;

/// <summary>
/// How hard the guard is on sources. The defaults let a phone boot (REGISTER, its challenge, a burst of SUBSCRIBEs)
/// before it has proved who it is, and give proven phones ten times that; scanners need one packet to be banned.
/// </summary>
internal sealed record SipGuardOptions
{
    public static SipGuardOptions Default { get; } = new();

    /// <summary>Sources tracked at once; beyond it the least recently heard make room (clock eviction).</summary>
    public int SourceCapacity { get; init; } = 4096;

    /// <summary>Messages per second one source that has not authenticated may send, and the burst it may save up.</summary>
    public double UnknownRate { get; init; } = 20;

    public double UnknownBurst { get; init; } = 40;

    /// <summary>Messages per second all sources that have not authenticated may send together: a flood from many
    /// addresses is capped here, and phones that have authenticated are not counted against it.</summary>
    public double UnknownTotalRate { get; init; } = 300;

    public double UnknownTotalBurst { get; init; } = 600;

    /// <summary>Allowance of a known phone (a source that authenticated lately) and of allowlisted sources.</summary>
    public double KnownRate { get; init; } = 200;

    public double KnownBurst { get; init; } = 400;

    /// <summary>How long a source counts as a known phone after its last successful authentication.</summary>
    public TimeSpan KnownFor { get; init; } = TimeSpan.FromHours(2);

    public int KnownCapacity { get; init; } = 1024;

    /// <summary>Failed authentications within <see cref="AuthFailureWindow"/> that ban a source.</summary>
    public int AuthFailureLimit { get; init; } = 5;

    public TimeSpan AuthFailureWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Requests for unknown extensions or foreign domains within <see cref="ProbeWindow"/> that ban a source.</summary>
    public int ProbeLimit { get; init; } = 10;

    public TimeSpan ProbeWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Messages over the rate limit within <see cref="ExcessWindow"/> that turn dropping into a ban.</summary>
    public int ExcessLimit { get; init; } = 100;

    public TimeSpan ExcessWindow { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Automatic ban lengths for a first, second, third... offence; the last one repeats.</summary>
    public IReadOnlyList<TimeSpan> BanLadder { get; init; } = [TimeSpan.FromHours(1), TimeSpan.FromHours(6), TimeSpan.FromHours(24)];

    /// <summary>Sources never banned automatically and treated like known phones (a LAN, a SIP trunk). Empty by
    /// default: loopback is not on it, a process on the box can misbehave too.</summary>
    public IReadOnlyList<IpRange> Allowlist { get; init; } = [];

    /// <summary>User-Agent fragments of scanners and attack tools (case-insensitive).</summary>
    public IReadOnlyList<string> ScannerAgents { get; init; } = SipScannerAgents.Default;

    /// <summary>How often lapsed bans and known phones are swept.</summary>
    public TimeSpan HousekeepingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Most strikes a window can count (the guard keeps that many timestamps per source).</summary>
    public const int MaxStrikeLimit = 32;

    /// <summary>Throws when a value makes no sense (the host builds these from configuration).</summary>
    public void Validate()
    {
        if (SourceCapacity < 16 || KnownCapacity < 1)
        {
            throw new ArgumentException("SipGuardOptions: the source tables need room (SourceCapacity >= 16, KnownCapacity >= 1).");
        }

        if (UnknownRate <= 0 || UnknownBurst < 1 || UnknownTotalRate <= 0 || UnknownTotalBurst < 1 || KnownRate <= 0 || KnownBurst < 1)
        {
            throw new ArgumentException("SipGuardOptions: rates must be positive and bursts at least 1.");
        }

        if (AuthFailureLimit is < 1 or > MaxStrikeLimit || ProbeLimit is < 1 or > MaxStrikeLimit || ExcessLimit < 1)
        {
            throw new ArgumentException($"SipGuardOptions: strike limits must be from 1 to {MaxStrikeLimit}.");
        }

        if (BanLadder.Count == 0 || BanLadder.Any(d => d <= TimeSpan.Zero))
        {
            throw new ArgumentException("SipGuardOptions: the ban ladder needs at least one positive duration.");
        }
    }
}
