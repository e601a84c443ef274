namespace HomeTelco.Sip.Auth;

/// Digest settings, fixed for the life of the process.
internal sealed record DigestOptions
{
    public const int DefaultReplayCapacity = 10_000;

    /// The realm in every challenge; the box's SIP domain is the usual choice (RFC 3261 §22.1).
    public required string Realm { get; init; }

    /// How long a nonce is honoured; after that right credentials get a stale=true re-challenge.
    public TimeSpan NonceLifetime { get; init; } = TimeSpan.FromMinutes(5);

    /// Accept responses without qop (RFC 2069). Off by default: without nc the box cannot see a replay within the
    /// nonce's lifetime, so only turn it on for phones that cannot do qop=auth.
    public bool AllowNoQop { get; init; }

    /// Upper bound on remembered (nonce, nc) pairs, so a flood of requests cannot grow memory.
    public int ReplayCapacity { get; init; } = DefaultReplayCapacity;

    /// Null when usable, else what is wrong (the host names the configuration key around it).
    public string? Validate()
    {
        if (string.IsNullOrEmpty(Realm) || Realm.Any(c => char.IsControl(c)))
        {
            return "Realm must be non-empty and have no control characters";
        }

        if (NonceLifetime <= TimeSpan.Zero || NonceLifetime > TimeSpan.FromDays(1))
        {
            return "NonceLifetime must be more than zero and at most one day";
        }

        return ReplayCapacity is < 1 or > 1_000_000 ? "ReplayCapacity must be between 1 and 1000000" : null;
    }
}
