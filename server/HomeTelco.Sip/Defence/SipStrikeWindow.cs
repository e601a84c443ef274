namespace HomeTelco.Sip.Defence;

/// <summary>
/// "N strikes within a window" per slot of the source table, exactly (a sliding window, not buckets): each slot keeps
/// its last N strike times in a ring of one flat array allocated up front; the Nth strike bans when the oldest of
/// the N is still inside the window.
/// </summary>
internal sealed class SipStrikeWindow
{
    private const long Empty = long.MinValue;

    private readonly long[] _stamps;
    private readonly byte[] _heads;
    private readonly int _limit;
    private readonly long _window;

    public SipStrikeWindow(int slots, int limit, long windowTicks)
    {
        _limit = limit;
        _window = windowTicks;
        _stamps = new long[slots * limit];
        _heads = new byte[slots];
        Array.Fill(_stamps, Empty);
    }

    /// <summary>Records a strike at <paramref name="now"/>; true when it is the Nth within the window.</summary>
    public bool Strike(int slot, long now)
    {
        var start = slot * _limit;
        int head = _heads[slot];
        _stamps[start + head] = now;
        head = (head + 1) % _limit;
        _heads[slot] = (byte)head;

        // After the write the head points at the oldest of the last N strikes.
        var oldest = _stamps[start + head];
        return oldest != Empty && now - oldest <= _window;
    }

    /// <summary>Forgets a slot's strikes (the slot now tracks another source, or an admin forgave this one).</summary>
    public void Clear(int slot)
    {
        Array.Fill(_stamps, Empty, slot * _limit, _limit);
        _heads[slot] = 0;
    }
}
