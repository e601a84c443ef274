using System.Runtime.InteropServices;

namespace HomeTelco.Sip.Auth;

/// Remembers, per nonce, the highest nonce-count accepted (RFC 7616 §3.4: the server should refuse an nc it has seen),
/// bounded in size and pruned once nonces are too old to be accepted anyway. Only requests whose response verified are
/// recorded, so a stranger cannot burn a user's nonce by sending a high nc with a wrong response.
internal sealed class DigestReplayTable
{
    // Entries are kept a little past the nonce lifetime so that a nonce the nonce check still calls valid is never one
    // the table has already pruned (the two read the clock at slightly different moments).
    private static readonly TimeSpan PruneMargin = TimeSpan.FromMinutes(1);

    private readonly int _capacity;
    private readonly long _keepMs;
    private readonly TimeProvider _time;

    // Guards _entries, _order and _forgottenUpToMs together: every operation reads and writes all three.
    private readonly Lock _tableLock = new();
    private readonly Dictionary<string, (long HighestNc, long IssuedAtMs)> _entries;

    // First-use order: the front is the oldest entry, evicted first when full.
    private readonly Queue<string> _order;

    // Every nonce issued at or before this instant that is not in the table may have been evicted while still valid.
    private long _forgottenUpToMs = long.MinValue;

    public DigestReplayTable(int capacity, TimeSpan nonceLifetime, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _keepMs = (long)(nonceLifetime + PruneMargin).TotalMilliseconds;
        _time = time;
        _entries = new Dictionary<string, (long, long)>(Math.Min(capacity, 1024), StringComparer.Ordinal);
        _order = new Queue<string>(Math.Min(capacity, 1024));
    }

    public int Count
    {
        get
        {
            lock (_tableLock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>
    /// When the nonce was issued, if the table holds it. Only nonces whose MAC and a response verified are ever
    /// recorded, so a nonce found here is known to be ours without checking its MAC again.
    /// </summary>
    public bool TryGetIssuedAt(string nonce, out long issuedAtMs)
    {
        lock (_tableLock)
        {
            if (_entries.TryGetValue(nonce, out var entry))
            {
                issuedAtMs = entry.IssuedAtMs;
                return true;
            }
        }

        issuedAtMs = 0;
        return false;
    }

    /// Records <paramref name="nc"/> for <paramref name="nonce"/> (issued at <paramref name="issuedAtMs"/>) unless it
    /// is not higher than one already accepted.
    public DigestReplayStatus TryAccept(string nonce, long issuedAtMs, long nc)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        lock (_tableLock)
        {
            Prune(now);
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_entries, nonce);
            if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref entry))
            {
                if (nc <= entry.HighestNc)
                {
                    return DigestReplayStatus.Replayed;
                }

                entry.HighestNc = nc;
                return DigestReplayStatus.Accepted;
            }

            if (issuedAtMs <= _forgottenUpToMs)
            {
                return DigestReplayStatus.Forgotten;
            }

            if (_entries.Count >= _capacity)
            {
                var oldest = _order.Dequeue();
                if (_entries.Remove(oldest, out var evicted) && evicted.IssuedAtMs + _keepMs >= now)
                {
                    _forgottenUpToMs = Math.Max(_forgottenUpToMs, evicted.IssuedAtMs);
                }
            }

            _entries.Add(nonce, (nc, issuedAtMs));
            _order.Enqueue(nonce);
            return DigestReplayStatus.Accepted;
        }
    }

    private void Prune(long now)
    {
        // The queue is in first-use order, not issue order, so this stops at the first live entry; anything stale behind
        // it goes when it reaches the front or is evicted. Size stays bounded by the capacity either way.
        while (_order.TryPeek(out var oldest))
        {
            if (_entries.TryGetValue(oldest, out var entry) && entry.IssuedAtMs + _keepMs >= now)
            {
                return;
            }

            _order.Dequeue();
            _entries.Remove(oldest);
        }
    }
}
