namespace HomeTelco.Torrent.Limits;

/// <summary>
/// One direction's rate limit for the whole box (upload or download), shared fairly by the torrents' channels.
/// Each channel may have its own limit too. A sender asks its channel "may I move N bytes now" (<see cref="BandwidthChannel.TryTake"/>)
/// or "when" (<see cref="BandwidthChannel.TimeUntil"/>). Fair sharing: while no other channel is waiting for the
/// box-wide budget a channel may use all of it; while several are, each is held to an equal share (channels capped
/// lower by their own limit leave the rest to the others). Driven by <see cref="TimeProvider"/>; thread-safe.
/// </summary>
public sealed class BandwidthLimiter
{
    /// <summary>
    /// A channel refused the shared budget counts as waiting for it this long (or, when told how long to wait, for that
    /// wait and this long after), so the others hold to their shares while it sleeps until its turn.
    /// </summary>
    internal static readonly TimeSpan WaitingWindow = TimeSpan.FromMilliseconds(500);

    /// <summary>Tokens a bucket can hold, in seconds of its rate: enough to smooth timer jitter, small enough to keep the rate.</summary>
    internal const double BurstSeconds = 0.5;

    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly TokenBucket _shared;
    private readonly List<BandwidthChannel> _channels = [];

    /// <param name="time">The clock.</param>
    /// <param name="bytesPerSecond">The box-wide limit; 0 = unlimited.</param>
    public BandwidthLimiter(TimeProvider time, long bytesPerSecond)
    {
        ArgumentNullException.ThrowIfNull(time);
        _time = time;
        _shared = new TokenBucket(time, bytesPerSecond, BurstSeconds);
    }

    /// <summary>The box-wide limit in bytes per second; 0 = unlimited. Changes apply at once (a schedule window opening).</summary>
    public long BytesPerSecond
    {
        get
        {
            lock (_gate)
            {
                return _shared.Rate;
            }
        }

        set
        {
            lock (_gate)
            {
                _shared.SetRate(value);
                foreach (var channel in _channels)
                {
                    channel.Fair.SetRate(value);
                }
            }
        }
    }

    /// <summary>A channel for one torrent, limited to <paramref name="bytesPerSecond"/> (0 = only the box-wide limit).</summary>
    public BandwidthChannel CreateChannel(long bytesPerSecond = 0)
    {
        lock (_gate)
        {
            var channel = new BandwidthChannel(this, new TokenBucket(_time, bytesPerSecond, BurstSeconds), new TokenBucket(_time, _shared.Rate, BurstSeconds));
            _channels.Add(channel);
            return channel;
        }
    }

    internal void Remove(BandwidthChannel channel)
    {
        lock (_gate)
        {
            _channels.Remove(channel);
        }
    }

    internal void SetChannelRate(BandwidthChannel channel, long bytesPerSecond)
    {
        lock (_gate)
        {
            channel.Own.SetRate(bytesPerSecond);
        }
    }

    internal long ChannelRate(BandwidthChannel channel)
    {
        lock (_gate)
        {
            return channel.Own.Rate;
        }
    }

    internal bool TryTake(BandwidthChannel channel, int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var share = Refill(channel, now);
            if (!channel.Own.CanTake(bytes))
            {
                // Held back by its own limit, not by the others: not waiting for the shared budget.
                return false;
            }

            var contended = share < _shared.Rate;
            if (!_shared.CanTake(bytes) || (contended && !channel.Fair.CanTake(bytes)))
            {
                MarkWaiting(channel, now, TimeSpan.Zero);
                return false;
            }

            channel.Own.Take(bytes);
            _shared.Take(bytes);
            if (contended)
            {
                channel.Fair.Take(bytes);
            }

            channel.Moved += bytes;
            return true;
        }
    }

    internal TimeSpan TimeUntil(BandwidthChannel channel, int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            var share = Refill(channel, now);
            var own = channel.Own.TimeUntil(bytes);
            var shared = _shared.TimeUntil(bytes);
            var fair = share < _shared.Rate ? channel.Fair.TimeUntil(bytes, share) : TimeSpan.Zero;
            var wait = Max(shared, fair);
            if (wait > TimeSpan.Zero && wait >= own)
            {
                MarkWaiting(channel, now, wait);
            }

            return Max(own, wait);
        }
    }

    /// <summary>Brings the buckets up to now; returns the channel's fair share of the shared rate (all of it when nobody else waits).</summary>
    private double Refill(BandwidthChannel channel, long now)
    {
        _shared.Refill(now);
        channel.Own.Refill(now);
        var waiting = 1;
        foreach (var other in _channels)
        {
            if (!ReferenceEquals(other, channel) && other.WaitingUntil > now)
            {
                waiting++;
            }
        }

        var share = (double)_shared.Rate / waiting;
        channel.Fair.Refill(now, share);
        return share;
    }

    private void MarkWaiting(BandwidthChannel channel, long now, TimeSpan wait)
    {
        var span = wait == TimeSpan.MaxValue ? TimeSpan.FromDays(1) : wait + WaitingWindow;
        channel.WaitingUntil = Math.Max(channel.WaitingUntil, now + (long)(span.TotalSeconds * _time.TimestampFrequency));
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
