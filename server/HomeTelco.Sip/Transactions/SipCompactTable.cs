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
/// Keys are plain values (<see cref="SipCompactKey"/> in the engine) and so are the entries: the GC never follows anything
/// in here, however many transactions linger.
/// Not thread-safe: every member runs with the transaction layer's table lock held.
/// </summary>
internal sealed class SipCompactTable<TKey> : IDisposable
    where TKey : unmanaged, IEquatable<TKey>
{
    // Under load an entry expires every few milliseconds; sweeping each one as it goes would wake a pool thread that
    // often. An expired entry is already treated as gone (TryGet checks its age), so sweeps only free memory and can
    // wait this long for the next batch.
    private static readonly TimeSpan MinSweepInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<TKey, Slot> _entries;

    // One record per Add, oldest first: it ends the entry (unless a later Add replaced it) and frees the entry's bytes.
    private readonly Queue<(TKey Key, long Since, long Chunk)> _byAge;
    private readonly SipByteLog _bytes = new();
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
        _entries = new Dictionary<TKey, Slot>(Math.Min(capacity, 64));
        _byAge = new Queue<(TKey, long, long)>(Math.Min(capacity, 64));
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
    /// retransmission handled again after being shed) is replaced. The bytes are copied (a whole datagram at most).
    public long Add(TKey key, SipCompactKind kind, ReadOnlySpan<byte> bytes, bool hasBytes, SipEndPoint remote)
    {
        while (_entries.Count >= _capacity && _byAge.TryDequeue(out var oldest))
        {
            if (End(oldest))
            {
                Shed++;
            }
        }

        // Never 0: the transactions use 0 for "not compacted".
        var now = Math.Max(1, _timeProvider.GetTimestamp());

        // More than a chunk could never have gone out as one datagram: nothing is kept to resend.
        hasBytes &= bytes.Length <= SipByteLog.ChunkSize;
        var (chunk, offset) = hasBytes ? _bytes.Add(bytes) : (-1L, 0);
        _entries[key] = new Slot(kind, chunk, offset, hasBytes ? bytes.Length : 0, new SipCompactRemote(remote), now);
        _byAge.Enqueue((key, now, chunk));
        if (!_sweepArmed)
        {
            _sweepArmed = true;
            _sweepTimer.Change(_lifetime, Timeout.InfiniteTimeSpan);
        }

        return now;
    }

    /// The state of a key whose timer has not run out yet.
    public bool TryGet(TKey key, out SipCompactKind kind)
    {
        if (_entries.TryGetValue(key, out var slot) && _timeProvider.GetElapsedTime(slot.Since) < _lifetime)
        {
            kind = slot.Kind;
            return true;
        }

        kind = default;
        return false;
    }

    /// The whole entry for a key whose timer has not run out yet: its bytes and end point are built for the caller.
    public bool TryGetEntry(TKey key, out SipCompactEntry entry)
    {
        if (_entries.TryGetValue(key, out var slot) && _timeProvider.GetElapsedTime(slot.Since) < _lifetime)
        {
            var bytes = slot.Chunk < 0 ? null : _bytes.Get(slot.Chunk, slot.Offset, slot.Length).ToArray();
            entry = new SipCompactEntry(slot.Kind, bytes, slot.Remote.ToEndPoint(), slot.Since);
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
            _bytes.Clear(trim: true);
        }
    }

    private void DropExpired()
    {
        while (_byAge.TryPeek(out var oldest) && _timeProvider.GetElapsedTime(oldest.Since) >= _lifetime)
        {
            _byAge.Dequeue();
            End(oldest);
        }
    }

    // Ends the entry an age record stands for, unless a later Add replaced it; frees the record's bytes either way.
    // True when an entry ended.
    private bool End((TKey Key, long Since, long Chunk) record)
    {
        if (record.Chunk >= 0)
        {
            _bytes.Free(record.Chunk);
        }

        if (_entries.TryGetValue(record.Key, out var slot) && slot.Since == record.Since)
        {
            _entries.Remove(record.Key);
            return true;
        }

        return false;
    }

    public void Clear()
    {
        _entries.Clear();
        _byAge.Clear();
        _bytes.Clear(trim: true);
        _sweepArmed = false;
        _sweepTimer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public void Dispose() => _sweepTimer.Dispose();

    // What the table keeps per key: values only (no object for the GC to follow or copy).
    private readonly record struct Slot(SipCompactKind Kind, long Chunk, int Offset, int Length, SipCompactRemote Remote, long Since);
}
