namespace HomeTelco.Sip.Registrar;

/// <summary>How long registrations last and how many a phone may hold (RFC 3261 §10.3 leaves these to the registrar).</summary>
internal sealed record RegistrarOptions
{
    /// <summary>Used when a contact asks for no expiry and the request has no Expires header.</summary>
    public uint DefaultExpires { get; init; } = 3600;

    /// <summary>Longer requests are shortened to this; a phone that vanishes is forgotten within this time.</summary>
    public uint MaxExpires { get; init; } = 3600;

    /// <summary>Shorter non-zero requests get 423 Interval Too Brief with this as Min-Expires.</summary>
    public uint MinExpires { get; init; } = 60;

    /// <summary>
    /// Contacts one extension may have. A REGISTER that would go past it drops the extension's least recently
    /// refreshed contacts instead of failing: a phone that rebooted behind NAT comes back from a new port without
    /// unregistering the old one, and refusing it would leave the owner unreachable until the stale ones lapse.
    /// One REGISTER carrying more contacts than this is refused with 403.
    /// </summary>
    public int MaxContactsPerExtension { get; init; } = 10;

    /// <summary>Null when usable, else what is wrong.</summary>
    public string? Validate()
    {
        if (MinExpires > MaxExpires)
        {
            return "MinExpires must not exceed MaxExpires";
        }

        if (DefaultExpires < MinExpires || DefaultExpires > MaxExpires)
        {
            return "DefaultExpires must lie between MinExpires and MaxExpires";
        }

        return MaxContactsPerExtension is < 1 or > 100 ? "MaxContactsPerExtension must be between 1 and 100" : null;
    }
}
