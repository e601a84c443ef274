namespace HomeTelco.Sip.Defence;

/// <summary>
/// A fixed-size table of source states keyed by address, with clock (second-chance) eviction: a flood from a
/// hundred thousand addresses costs the same memory as a quiet day. Slots and the index are allocated up front, so
/// finding, adding and evicting allocate nothing. Not thread-safe: the guard holds its lock around every call.
/// </summary>
internal sealed class SipSourceTable
{
    private readonly SipSourceState[] _slots;
    private readonly Dictionary<UInt128, int> _index;
    private int _used;
    private int _hand;

    public SipSourceTable(int capacity)
    {
        _slots = new SipSourceState[capacity];
        _index = new Dictionary<UInt128, int>(capacity);
    }

    public int Capacity => _slots.Length;

    public int Count => _index.Count;

    public ref SipSourceState this[int slot] => ref _slots[slot];

    /// <summary>The slot of <paramref name="key"/>, or -1.</summary>
    public int Find(UInt128 key) => _index.TryGetValue(key, out var slot) ? slot : -1;

    /// <summary>
    /// The slot of <paramref name="key"/>, taking a free or evicted one when it is new (<paramref name="added"/>; the
    /// slot's state is then fresh and the caller resets whatever else it keeps per slot). Marks the slot referenced.
    /// </summary>
    public int GetOrAdd(UInt128 key, out bool added)
    {
        if (_index.TryGetValue(key, out var slot))
        {
            _slots[slot].Referenced = true;
            added = false;
            return slot;
        }

        slot = _used < _slots.Length ? _used++ : Evict();
        _slots[slot] = new SipSourceState { Key = key, Referenced = true };
        _index[key] = slot;
        added = true;
        return slot;
    }

    // Sweeps from the hand, giving each referenced slot a second chance, and frees the first one not heard from
    // since the last sweep. At most one full turn: after it every slot has been cleared.
    private int Evict()
    {
        while (true)
        {
            var slot = _hand;
            _hand = (_hand + 1) % _slots.Length;
            ref var state = ref _slots[slot];
            if (state.Referenced)
            {
                state.Referenced = false;
                continue;
            }

            _index.Remove(state.Key);
            return slot;
        }
    }
}
