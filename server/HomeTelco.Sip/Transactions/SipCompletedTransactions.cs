using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// <summary>
/// Non-INVITE server transactions over UDP in the Completed state (RFC 3261 §17.2.2). All such a transaction still does
/// for Timer J (64·T1 = 32 s) is answer a retransmitted request with its final response, so instead of the whole machine
/// (request, timers, messages) the table keeps a small struct per key: the response's wire bytes, where they go and when
/// Timer J ends. Entries age out in arrival order (Timer J is the same for all), which one layer-wide timer drives.
/// Under pressure the oldest entries are shed rather than new requests refused: a retransmission of a shed one is
/// handled again as a new request, which REGISTER, OPTIONS and BYE tolerate (the digest nonce-count table still refuses
/// a replayed credential).
/// Not thread-safe: every member runs with the transaction layer's table lock held.
/// </summary>
internal sealed class SipCompletedTransactions : IDisposable
{
    private readonly Dictionary<SipServerTransactionKey, Entry> _entries;
    private readonly Queue<(SipServerTransactionKey Key, long CompletedAt)> _byAge;
    private readonly int _capacity;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _timeProvider;
    private readonly ITimer _sweepTimer;
    private bool _sweepArmed;

    public SipCompletedTransactions(int capacity, TimeSpan lifetime, TimeProvider timeProvider, Action sweep)
    {
        _capacity = capacity;
        _lifetime = lifetime;
        _timeProvider = timeProvider;

        // Sized for a quiet box; the dictionary grows up to the capacity only under load.
        _entries = new Dictionary<SipServerTransactionKey, Entry>(Math.Min(capacity, 256));
        _byAge = new Queue<(SipServerTransactionKey, long)>(Math.Min(capacity, 256));
        _sweepTimer = timeProvider.CreateTimer(static state => ((Action)state!)(), sweep, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    public int Count => _entries.Count;

    /// Entries dropped before their Timer J ran out because the table was full; the engine's status shows it.
    public long Shed { get; private set; }

    /// Keeps a transaction's final response for Timer J. A key already present (a retransmission handled again after
    /// being shed) is replaced.
    public void Add(SipServerTransactionKey key, byte[] response, SipEndPoint remote)
    {
        while (_entries.Count >= _capacity && _byAge.TryDequeue(out var oldest))
        {
            if (_entries.TryGetValue(oldest.Key, out var entry) && entry.CompletedAt == oldest.CompletedAt)
            {
                _entries.Remove(oldest.Key);
                Shed++;
            }
        }

        var now = _timeProvider.GetTimestamp();
        _entries[key] = new Entry(response, remote, now);
        _byAge.Enqueue((key, now));
        if (!_sweepArmed)
        {
            _sweepArmed = true;
            _sweepTimer.Change(_lifetime, Timeout.InfiniteTimeSpan);
        }
    }

    /// The response to resend for a retransmitted request, or false when the key is unknown or its Timer J has run out.
    public bool TryGetResponse(SipServerTransactionKey key, out byte[] response, out SipEndPoint remote)
    {
        if (_entries.TryGetValue(key, out var entry) && _timeProvider.GetElapsedTime(entry.CompletedAt) < _lifetime)
        {
            response = entry.Response;
            remote = entry.Remote;
            return true;
        }

        response = [];
        remote = null!;
        return false;
    }

    /// Timer J for every entry whose time is up; re-arms for the oldest one left.
    public void Sweep()
    {
        _sweepArmed = false;
        while (_byAge.TryPeek(out var oldest))
        {
            var remaining = _lifetime - _timeProvider.GetElapsedTime(oldest.CompletedAt);
            if (remaining > TimeSpan.Zero)
            {
                _sweepArmed = true;
                _sweepTimer.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }

            _byAge.Dequeue();
            if (_entries.TryGetValue(oldest.Key, out var entry) && entry.CompletedAt == oldest.CompletedAt)
            {
                _entries.Remove(oldest.Key);
            }
        }

        if (_entries.Count == 0)
        {
            // A burst can leave the queue's array large; give it back once the table is empty.
            _byAge.TrimExcess();
            _entries.TrimExcess();
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

    private readonly record struct Entry(byte[] Response, SipEndPoint Remote, long CompletedAt);
}
