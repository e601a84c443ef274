namespace HomeTelco.Torrent.Limits;

/// <summary>
/// A token bucket: fills at <see cref="Rate"/> bytes per second up to <see cref="Capacity"/>, and a transfer takes
/// its size in tokens. A transfer larger than the capacity is let through once the bucket is full and leaves it in
/// debt, so any size can pass and the long-run rate still holds. Rate 0 means unlimited. Not thread-safe: the
/// <see cref="BandwidthLimiter"/> that owns it holds its lock.
/// </summary>
internal sealed class TokenBucket
{
    private readonly TimeProvider _time;
    private readonly double _burstSeconds;
    private long _rate;
    private double _tokens;
    private long _filledAt;

    public TokenBucket(TimeProvider time, long bytesPerSecond, double burstSeconds)
    {
        _time = time;
        _burstSeconds = burstSeconds;
        _filledAt = time.GetTimestamp();
        SetRate(bytesPerSecond);
        _tokens = Capacity;
    }

    /// <summary>Bytes per second; 0 = unlimited.</summary>
    public long Rate => _rate;

    public bool IsUnlimited => _rate == 0;

    /// <summary>Most tokens it holds: the rate over the burst time, and never less than one block so a block always fits.</summary>
    public double Capacity { get; private set; }

    /// <summary>Tokens now (negative while in debt).</summary>
    public double Tokens => _tokens;

    public void SetRate(long bytesPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytesPerSecond);
        Refill(_time.GetTimestamp());
        _rate = bytesPerSecond;
        Capacity = Math.Max(bytesPerSecond * _burstSeconds, Storage.TorrentLayout.BlockSize);
        _tokens = Math.Min(_tokens, Capacity);
    }

    /// <summary>Adds the tokens earned since the last call, at the given rate (the bucket's own when null).</summary>
    public void Refill(long now, double? rate = null)
    {
        var elapsed = _time.GetElapsedTime(_filledAt, now).TotalSeconds;
        _filledAt = now;
        if (elapsed > 0)
        {
            _tokens = Math.Min(Capacity, _tokens + (elapsed * (rate ?? _rate)));
        }
    }

    /// <summary>True when <paramref name="bytes"/> may pass now (call <see cref="Refill"/> first).</summary>
    public bool CanTake(int bytes) => IsUnlimited || _tokens >= Math.Min(bytes, Capacity);

    public void Take(int bytes)
    {
        if (!IsUnlimited)
        {
            _tokens -= bytes;
        }
    }

    /// <summary>How long until <paramref name="bytes"/> may pass at <paramref name="rate"/> (the bucket's own when null).</summary>
    public TimeSpan TimeUntil(int bytes, double? rate = null)
    {
        if (IsUnlimited || CanTake(bytes))
        {
            return TimeSpan.Zero;
        }

        var missing = Math.Min(bytes, Capacity) - _tokens;
        var perSecond = rate ?? _rate;
        return perSecond <= 0 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(missing / perSecond);
    }
}
