namespace HomeTelco.Torrent.Limits;

/// <summary>
/// One torrent's share of a <see cref="BandwidthLimiter"/> in one direction, with its own optional limit. Senders
/// and readers of the torrent's peers ask it before moving piece data. Thread-safe; dispose it when the torrent stops.
/// </summary>
public sealed class BandwidthChannel : IDisposable
{
    private readonly BandwidthLimiter _limiter;

    internal BandwidthChannel(BandwidthLimiter limiter, TokenBucket own, TokenBucket fair)
    {
        _limiter = limiter;
        Own = own;
        Fair = fair;
    }

    /// <summary>This torrent's own limit in bytes per second; 0 = only the box-wide limit applies.</summary>
    public long BytesPerSecond
    {
        get => _limiter.ChannelRate(this);
        set => _limiter.SetChannelRate(this, value);
    }

    /// <summary>Bytes let through so far.</summary>
    public long Moved { get; internal set; }

    internal TokenBucket Own { get; }

    /// <summary>Tokens of the channel's fair share, spent only while other channels wait for the shared budget.</summary>
    internal TokenBucket Fair { get; }

    /// <summary>Timestamp until which the channel counts as waiting for the shared budget (it was refused, or told to wait).</summary>
    internal long WaitingUntil { get; set; } = long.MinValue;

    /// <summary>True (and counted) when <paramref name="bytes"/> may move now; false means ask <see cref="TimeUntil"/> and wait.</summary>
    public bool TryTake(int bytes) => _limiter.TryTake(this, bytes);

    /// <summary>How long until <paramref name="bytes"/> could move; zero when they may move now. Takes nothing.</summary>
    public TimeSpan TimeUntil(int bytes) => _limiter.TimeUntil(this, bytes);

    /// <inheritdoc/>
    public void Dispose() => _limiter.Remove(this);
}
