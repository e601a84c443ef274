namespace HomeTelco.Core.Security;

/// <summary>
/// Counts failures per key (a user name, an address) and makes each key wait longer after every
/// failure beyond a free allowance: 1 s, 2 s, 4 s, ... up to <see cref="MaxDelay"/>. Keys forget
/// their failures after <see cref="ForgetAfter"/> of quiet. The table is bounded, so a flood of
/// made-up names cannot grow memory: when it is full the stalest entries go first.
/// </summary>
public sealed class AttemptThrottle(TimeProvider time, int freeFailures, int capacity = 4096)
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _entriesLock = new();

    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    /// <summary>How long <paramref name="key"/> must still wait before its next attempt; zero when it may try now.</summary>
    public TimeSpan RetryAfter(string key)
    {
        lock (_entriesLock)
        {
            if (!_entries.TryGetValue(key, out var entry))
            {
                return TimeSpan.Zero;
            }

            var wait = entry.NotBefore - time.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
    }

    /// <summary>Records a failure and returns the wait now imposed on the key.</summary>
    public TimeSpan Fail(string key)
    {
        var now = time.GetUtcNow();
        lock (_entriesLock)
        {
            if (!_entries.TryGetValue(key, out var entry) || now - entry.LastFailure > ForgetAfter)
            {
                entry = new Entry();
                if (_entries.Count >= capacity)
                {
                    EvictStalest();
                }
            }

            entry.Failures++;
            entry.LastFailure = now;
            var delay = DelayFor(entry.Failures - freeFailures);
            entry.NotBefore = now + delay;
            _entries[key] = entry;
            return delay;
        }
    }

    /// <summary>Forgets the key's failures after a success.</summary>
    public void Succeed(string key)
    {
        lock (_entriesLock)
        {
            _entries.Remove(key);
        }
    }

    internal int Count
    {
        get
        {
            lock (_entriesLock)
            {
                return _entries.Count;
            }
        }
    }

    private static TimeSpan DelayFor(int excess)
    {
        if (excess <= 0)
        {
            return TimeSpan.Zero;
        }

        var seconds = Math.Pow(2, Math.Min(excess - 1, 20));
        var delay = TimeSpan.FromSeconds(seconds);
        return delay < MaxDelay ? delay : MaxDelay;
    }

    private void EvictStalest()
    {
        // Drop the eighth of the table that failed longest ago; amortised O(1) per insert.
        var victims = _entries.OrderBy(e => e.Value.LastFailure).Take(Math.Max(1, capacity / 8)).Select(e => e.Key).ToList();
        foreach (var key in victims)
        {
            _entries.Remove(key);
        }
    }

    private struct Entry
    {
        public int Failures;
        public DateTimeOffset LastFailure;
        public DateTimeOffset NotBefore;
    }
}
