namespace HomeTelco.Torrent.Engine;

/// <summary>
/// Bytes per second over the last few seconds: counts bytes as they move and folds them into an exponential
/// average once a second (the session's tick). Thread-safe for <see cref="Add"/>; <see cref="Tick"/> from one thread.
/// </summary>
internal sealed class RateMeter
{
    private long _pending;
    private double _rate;

    /// <summary>All bytes counted.</summary>
    public long Total { get; private set; }

    /// <summary>The smoothed rate in bytes per second.</summary>
    public long Rate => (long)_rate;

    /// <summary>Bytes counted since the last <see cref="Tick"/>.</summary>
    public long Pending => Interlocked.Read(ref _pending);

    public void Add(int bytes) => Interlocked.Add(ref _pending, bytes);

    /// <summary>Folds in the bytes of the last second (weight one third: about a three-second memory); returns them.</summary>
    public long Tick()
    {
        var moved = Interlocked.Exchange(ref _pending, 0);
        Total += moved;
        _rate += (moved - _rate) / 3;
        return moved;
    }
}
