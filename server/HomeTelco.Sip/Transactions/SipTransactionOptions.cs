using HomeTelco.Core.Profiles;

namespace HomeTelco.Sip.Transactions;

/// Timer values and table bounds (RFC 3261 §17.1.1.1, Table 4). Defaults are the RFC's.
internal sealed record SipTransactionOptions
{
    /// RTT estimate; retransmission intervals start here and timeouts are 64*T1.
    public TimeSpan T1 { get; init; } = TimeSpan.FromMilliseconds(500);

    /// Cap on the retransmission interval of non-INVITE requests and INVITE final responses.
    public TimeSpan T2 { get; init; } = TimeSpan.FromSeconds(4);

    /// Maximum time a message stays in the network; Timers I and K on UDP.
    public TimeSpan T4 { get; init; } = TimeSpan.FromSeconds(5);

    /// Timer D on UDP: "at least 32 seconds" (§17.1.1.2), independent of T1.
    public TimeSpan TimerD { get; init; } = TimeSpan.FromSeconds(32);

    /// §17.2.1: send 100 Trying if the TU has not answered an INVITE within this time.
    public TimeSpan TryingDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// Client and server transactions together; beyond it new requests are refused with 503 so a flood cannot
    /// exhaust memory on a small box.
    public int MaxTransactions { get; init; } = 4096;

    /// Lingering transactions kept compactly per kind of lingering state (Completed non-INVITE and Accepted INVITE
    /// server transactions, Confirmed ones, Accepted and Completed client transactions: see <see cref="SipCompactKind"/>);
    /// beyond it the oldest of that kind are shed, not new requests refused. They do not count against
    /// <see cref="MaxTransactions"/>.
    public int MaxCompletedTransactions { get; init; } = 16384;

    /// Retry-After on the 503 sent when the table is full.
    public int OverloadRetryAfterSeconds { get; init; } = 5;

    public TimeSpan TimeoutInterval => T1 * 64;

    /// Table bounds from the hardware profile's managed-heap budget: about 1/20 of it for whole transactions (a few KB
    /// each: the request, its responses, two timers) and as much again for the compact Completed entries (well under
    /// 1 KB each), within limits that keep a router's table useful and a large box's from growing without need.
    public static SipTransactionOptions ForProfile(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return new SipTransactionOptions
        {
            MaxTransactions = Math.Clamp(profile.MemoryBudgetMb * 16, 1024, 32768),
            MaxCompletedTransactions = Math.Clamp(profile.MemoryBudgetMb * 64, 4096, 131072),
        };
    }

    /// Throws when a value would make the machines misbehave; called once at layer construction.
    public void Validate()
    {
        if (T1 <= TimeSpan.Zero || T2 < T1 || T4 <= TimeSpan.Zero || TimerD < TimeSpan.Zero || TryingDelay < TimeSpan.Zero)
        {
            throw new ArgumentException("Sip transaction timers: T1 and T4 must be positive, T2 at least T1, TimerD and TryingDelay not negative.");
        }

        if (MaxTransactions < 1 || MaxCompletedTransactions < 1 || OverloadRetryAfterSeconds < 0)
        {
            throw new ArgumentException("Sip transaction limits: MaxTransactions and MaxCompletedTransactions must be at least 1, OverloadRetryAfterSeconds not negative.");
        }
    }
}
