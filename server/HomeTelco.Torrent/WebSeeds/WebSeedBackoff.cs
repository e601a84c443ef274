namespace HomeTelco.Torrent.WebSeeds;

/// <summary>
/// When a failing web seed may be asked again: 30 s after the first failure, doubling up to 30 min, back to normal
/// after a success. A 503's Retry-After replaces the delay, within 1 s and 30 min (a server may not park us forever,
/// nor make us hammer it). Time comes from the given clock; not thread-safe (the session's lock guards it).
/// </summary>
internal sealed class WebSeedBackoff(TimeProvider time)
{
    /// <summary>The wait after the first failure.</summary>
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait, whatever the failures or the server's Retry-After.</summary>
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan MinRetryAfter = TimeSpan.FromSeconds(1);

    private TimeSpan _next = FirstDelay;

    /// <summary>Failures since the last success.</summary>
    public int Failures { get; private set; }

    /// <summary>Until when the seed is not asked; <see cref="DateTimeOffset.MinValue"/> when it may be asked now.</summary>
    public DateTimeOffset WaitUntil { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>True while the seed must not be asked.</summary>
    public bool IsWaiting => time.GetUtcNow() < WaitUntil;

    /// <summary>A request failed; returns how long the seed now rests.</summary>
    public TimeSpan Failed(TimeSpan? retryAfter = null)
    {
        Failures++;
        var delay = retryAfter is { } asked
            ? TimeSpan.FromTicks(Math.Clamp(asked.Ticks, MinRetryAfter.Ticks, MaxDelay.Ticks))
            : _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, MaxDelay.Ticks));
        WaitUntil = time.GetUtcNow() + delay;
        return delay;
    }

    /// <summary>A request succeeded: the next failure starts from the first delay again.</summary>
    public void Succeeded()
    {
        Failures = 0;
        _next = FirstDelay;
        WaitUntil = DateTimeOffset.MinValue;
    }
}
