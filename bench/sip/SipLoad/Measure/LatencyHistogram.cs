namespace SipLoad.Measure;

/// <summary>
/// Latencies in 10 µs buckets up to the operation timeout, recorded lock-free from any thread. Percentiles are read
/// after a step has drained, so no reader races the writers that matter.
/// </summary>
internal sealed class LatencyHistogram
{
    private const long BucketTicks = TimeSpan.TicksPerMillisecond / 100; // 10 µs

    private readonly long[] _counts;
    private long _total;

    public LatencyHistogram(TimeSpan range)
    {
        _counts = new long[(range.Ticks / BucketTicks) + 2];
    }

    public long Count => Interlocked.Read(ref _total);

    /// <summary>Records a latency given in <see cref="System.Diagnostics.Stopwatch"/> timestamps.</summary>
    public void Record(long elapsedTimestamp)
    {
        var ticks = (long)(elapsedTimestamp * ((double)TimeSpan.TicksPerSecond / System.Diagnostics.Stopwatch.Frequency));
        var bucket = Math.Clamp(ticks / BucketTicks, 0, _counts.Length - 1);
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The latency in milliseconds below which <paramref name="fraction"/> of the recorded values fall (upper bucket edge).</summary>
    public double PercentileMs(double fraction)
    {
        var total = Count;
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = (long)Math.Ceiling(fraction * total);
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return (i + 1) * BucketTicks / (double)TimeSpan.TicksPerMillisecond;
            }
        }

        return _counts.Length * BucketTicks / (double)TimeSpan.TicksPerMillisecond;
    }
}
