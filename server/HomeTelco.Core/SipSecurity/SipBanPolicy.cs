namespace HomeTelco.Core.SipSecurity;

/// <summary>The limits of the SIP ban list and the checks an admin's ban must pass, each refusal worded for the person who typed it.</summary>
public static class SipBanPolicy
{
    /// <summary>Admin bans the list holds at most; the API refuses more.</summary>
    public const int MaxManualBans = 1000;

    /// <summary>Automatic bans (active and remembered) the list holds at most; beyond it the soonest to lapse goes.</summary>
    public const int MaxAutomaticBans = 10_000;

    public const int MaxReasonLength = 200;

    /// <summary>Longest timed ban an admin can set (a year); longer is what "permanent" is for.</summary>
    public const int MaxMinutes = 525_600;

    /// <summary>Broadest ranges an admin may ban at once, so one typo cannot silence half the internet.</summary>
    public const int MinIPv4Prefix = 8;

    public const int MinIPv6Prefix = 32;

    /// <summary>How long an expired automatic ban is remembered, so a source that comes back is banned for longer.</summary>
    public static readonly TimeSpan RememberOffencesFor = TimeSpan.FromDays(7);

    /// <summary>The address or range an admin typed, or a <see cref="BoxRequestException"/> saying what is wrong with it.</summary>
    public static IpRange ParseAddress(string? address) =>
        IpRange.TryParse(address, out var range, out var error) ? range : throw new BoxRequestException(error!);

    /// <summary>Checks an admin's ban; returns the range and the trimmed reason (null when none was given).</summary>
    public static (IpRange Range, string? Reason) CheckManualBan(string? address, string? reason, int? minutes)
    {
        var range = ParseAddress(address);
        var min = range.IsIPv4 ? MinIPv4Prefix : MinIPv6Prefix;
        if (range.DisplayPrefixLength < min)
        {
            throw new BoxRequestException($"{range} would block a large part of the internet; ban at most a /{min} {(range.IsIPv4 ? "IPv4" : "IPv6")} range at once.");
        }

        if (minutes is < 1 or > MaxMinutes)
        {
            throw new BoxRequestException($"minutes must be from 1 to {MaxMinutes} (a year), or left out for a permanent ban.");
        }

        reason = reason?.Trim();
        if (reason is { Length: > MaxReasonLength })
        {
            throw new BoxRequestException($"The reason is limited to {MaxReasonLength} characters.");
        }

        if (reason is not null && reason.Any(char.IsControl))
        {
            throw new BoxRequestException("The reason must be one line of text without control characters.");
        }

        return (range, string.IsNullOrEmpty(reason) ? null : reason);
    }
}
