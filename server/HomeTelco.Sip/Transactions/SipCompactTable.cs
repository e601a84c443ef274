using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// <summary>
/// Transactions over UDP in a state that only lingers (RFC 3261 §17, RFC 6026): all such a transaction still does until
/// its timer ends is absorb, answer or pass on retransmissions. Instead of the whole machine (request, responses, two
/// timers, the TU's objects behind them) the table keeps a small struct per key: what kind of lingering it is, the
/// bytes to resend if any, where they go and when the state began. Every entry of one table has the same lifetime
/// (one RFC timer: J, L, I, M, D or K), so entries age out in arrival order, which one table-wide timer drives.
/// Under pressure the oldest entries are shed rather than new requests refused: a retransmission of a shed one is
/// handled again as a new message (see <see cref="SipTransactionLayer"/> for what each kind falls back to).
/// Not thread-safe: every member runs with the transaction layer's table lock held.
/// </summary>
internal sealed class SipCompactTable<TKey> : IDisposable
    where TKey : IEquatable<TKey>
{
    // Under load an entry expires every few milliseconds; sweeping each one as it goes would wake a pool thread that
    // often. An expired entry is already treated as gone (TryGet checks its age), so sweeps only free memory and can
    // wait this long for the next batch.
    private static readonly TimeSpan MinSweepInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<TKey, SipCompactEntry> _entries;
    private readonly Queue<(TKey Key, long Since)> _byAge;
    private readonly int _capacity;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _sweepTimer;
    private bool _sweepArmed;

    public SipCompactTable(int capacity, TimeSpan lifetime, TimeProvider timeProvider, Action<SipCompactTable<TKey>> sweep)
    {
        _capacity = capacity;
        _lifetime = lifetime;
        _timeProvider = timeProvider;

        // Sized for a quiet box; the dictionary grows up to the capacity only under load.
        _entries = new Dictionary<TKey, SipCompactEntry>(Math.Min(capacity, 64));
        _byAge = new Queue<(TKey, long)>(Math.Min(capacity, 64));
        _sweepTimer = timeProvider.CreateTimer(
            static state =>
            {
                var (table, callback) = ((SipCompactTable<TKey>, Action<SipCompactTable<TKey>>))state!;
                callback(table);
            },
            (this, sweep),
            Timeout.InfiniteTimeSpan,
            Timeout.InfiniteTimeSpan);
    }

    /// Entries whose timer has not run out (expired ones still waiting for the next sweep are dropped first).
    public int Count
    {
        get
        {
            DropExpired();
            return _entries.Count;
        }
    }

    /// How long an entry lingers: the RFC timer this table stands for.
    public TimeSpan Lifetime => _lifetime;

    /// Entries dropped before their timer ran out because the table was full; the engine's status shows it.
    public long Shed { get; private set; }

    /// Keeps a lingering transaction; returns the timestamp its state began at. A key already present (a
    /// retransmission handled again after being shed) is replaced.
    public long Add(TKey key, SipCompactKind kind, byte[]? bytes, SipEndPoint remote)
    {
        while (_entries.Count >= _capacity && _byAge.TryDequeue(out var oldest))
        {
            if (_entries.TryGetValue(oldest.Key, out var entry) && entry.Since == oldest.Since)
            {
                _entries.Remove(oldest.Key);
                Shed++;
            }
        }

        // Never 0: the transactions use 0 for "not compacted".
        var now = Math.Max(1, _timeProvider.GetTimestamp());
        _entries[key] = new SipCompactEntry(kind, bytes, remote, now);
        _byAge.Enqueue((key, now));
        if (!_sweepArmed)
        {
            _sweepArmed = true;
            _sweepTimer.Change(_lifetime, Timeout.InfiniteTimeSpan);
        }

        return now;
    }

    /// The entry for a key whose timer has not run out yet.
    public bool TryGet(TKey key, out SipCompactEntry entry)
    {
        if (_entries.TryGetValue(key, out entry) && _timeProvider.GetElapsedTime(entry.Since) < _lifetime)
        {
            return true;
        }

        entry = default;
        return false;
    }

    /// Ends every entry whose time is up; re-arms for the oldest one left, or a little later to sweep a batch.
    public void Sweep()
    {
        _sweepArmed = false;
        DropExpired();
        if (_byAge.TryPeek(out var oldest))
        {
            var remaining = _lifetime - _timeProvider.GetElapsedTime(oldest.Since);
            _sweepArmed = true;
            _sweepTimer.Change(remaining > MinSweepInterval ? remaining : MinSweepInterval, Timeout.InfiniteTimeSpan);
            return;
        }

        if (_entries.Count == 0)
        {
            // A burst can leave the queue's array large; give it back once the table is empty.
            _byAge.TrimExcess();
            _entries.TrimExcess();
        }
    }

    private void DropExpired()
    {
        while (_byAge.TryPeek(out var oldest) && _timeProvider.GetElapsedTime(oldest.Since) >= _lifetime)
        {
            _byAge.Dequeue();
            if (_entries.TryGetValue(oldest.Key, out var entry) && entry.Since == oldest.Since)
            {
                _entries.Remove(oldest.Key);
            }
        }
    }

    public void Clear()
    {
        _entries.Clear();
        _byAge.Clear();
        _sweepArmed = false;
        _sweepTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _sweepTimer.Dispose();
}
