namespace HomeTelco.Sip.Defence;

/// <summary>
/// Sources that authenticated lately ("known phones"), kept apart from the source table so a flood of new
/// addresses cannot evict them: only a right password adds an entry. Bounded; when full, the entry closest to
/// lapsing makes room. Not thread-safe: the guard holds its lock.
/// </summary>
internal sealed class SipKnownSources(int capacity, long knownForTicks)
{
    private readonly Dictionary<UInt128, long> _until = new(capacity);

    public int Count => _until.Count;

    public bool IsKnown(UInt128 key, long now) => _until.TryGetValue(key, out var until) && now < until;

    public void Mark(UInt128 key, long now)
    {
        if (!_until.ContainsKey(key) && _until.Count >= capacity)
        {
            var soonest = long.MaxValue;
            var victim = key;
            foreach (var (other, until) in _until)
            {
                if (until < soonest)
                {
                    soonest = until;
                    victim = other;
                }
            }

            _until.Remove(victim);
        }

        _until[key] = now + knownForTicks;
    }

    /// <summary>Drops lapsed entries.</summary>
    public void Purge(long now)
    {
        foreach (var (key, until) in _until)
        {
            if (until <= now)
            {
                _until.Remove(key);
            }
        }
    }
}
