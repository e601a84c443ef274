using HomeTelco.Torrent.Limits;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Limits;

public sealed class BandwidthLimiterTests
{
    private const int Block = 16 * 1024;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly FakeTimeProvider _time = new();

    /// <summary>Every step, each channel in turn moves blocks for as long as it is let; returns bytes per second for each.</summary>
    private double[] RunGreedy(TimeSpan duration, params BandwidthChannel[] channels)
    {
        var start = channels.Select(c => c.Moved).ToArray();
        var steps = (int)(duration / Step);
        for (var s = 0; s < steps; s++)
        {
            _time.Advance(Step);
            foreach (var channel in channels)
            {
                for (var i = 0; i < 1000 && channel.TryTake(Block); i++)
                {
                }
            }
        }

        return channels.Select((c, i) => (c.Moved - start[i]) / duration.TotalSeconds).ToArray();
    }

    private static void AssertWithin(double expected, double actual, double fraction) =>
        Assert.True(Math.Abs(actual - expected) <= expected * fraction, $"expected {expected:F0} B/s ±{fraction:P0}, got {actual:F0} B/s");

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    [InlineData(5_000)]
    public void TryTake_OneChannel_HoldsTheRateWithinTwoPercent(long rate)
    {
        var limiter = new BandwidthLimiter(_time, rate);
        using var channel = limiter.CreateChannel();

        var measured = RunGreedy(TimeSpan.FromSeconds(120), channel);

        AssertWithin(rate, measured[0], 0.02);
    }

    [Fact]
    public void TryTake_TorrentLimitBelowTheBoxLimit_HoldsTheTorrentLimit()
    {
        var limiter = new BandwidthLimiter(_time, 200_000);
        using var channel = limiter.CreateChannel(30_000);

        var measured = RunGreedy(TimeSpan.FromSeconds(120), channel);

        AssertWithin(30_000, measured[0], 0.02);
    }

    [Fact]
    public void TryTake_TwoGreedyTorrents_ShareEquallyThoughOneAlwaysAsksFirst()
    {
        var limiter = new BandwidthLimiter(_time, 200_000);
        using var first = limiter.CreateChannel();
        using var second = limiter.CreateChannel();

        var measured = RunGreedy(TimeSpan.FromSeconds(120), first, second);

        AssertWithin(100_000, measured[0], 0.05);
        AssertWithin(100_000, measured[1], 0.05);
        AssertWithin(200_000, measured.Sum(), 0.02);
    }

    [Fact]
    public void TryTake_TorrentCappedLow_LeavesTheRestToTheOther()
    {
        var limiter = new BandwidthLimiter(_time, 200_000);
        using var capped = limiter.CreateChannel(40_000);
        using var open = limiter.CreateChannel();

        var measured = RunGreedy(TimeSpan.FromSeconds(120), capped, open);

        AssertWithin(40_000, measured[0], 0.02);
        AssertWithin(160_000, measured[1], 0.05);
    }

    [Fact]
    public void TryTake_AloneAfterTheOtherStops_GetsEverything()
    {
        var limiter = new BandwidthLimiter(_time, 200_000);
        using var first = limiter.CreateChannel();
        var second = limiter.CreateChannel();
        RunGreedy(TimeSpan.FromSeconds(10), first, second);

        second.Dispose();
        var measured = RunGreedy(TimeSpan.FromSeconds(60), first);

        AssertWithin(200_000, measured[0], 0.02);
    }

    [Fact]
    public void TimeUntil_DrivingASenderByIt_HoldsTheRate()
    {
        var limiter = new BandwidthLimiter(_time, 64_000);
        using var channel = limiter.CreateChannel();
        var elapsed = TimeSpan.Zero;

        for (var i = 0; i < 10_000 && elapsed < TimeSpan.FromSeconds(120); i++)
        {
            var wait = channel.TimeUntil(Block);
            if (wait > TimeSpan.Zero)
            {
                _time.Advance(wait);
                elapsed += wait;
            }

            Assert.True(channel.TryTake(Block), $"refused right after waiting {wait}");
        }

        AssertWithin(64_000, channel.Moved / elapsed.TotalSeconds, 0.02);
    }

    [Fact]
    public void TimeUntil_TwoSendersSleepingUntilTold_ShareEquallyAtALowRate()
    {
        // At 20 kB/s a block takes most of a second: a sender sleeping until its turn must still count as waiting.
        var limiter = new BandwidthLimiter(_time, 20_000);
        using var first = limiter.CreateChannel();
        using var second = limiter.CreateChannel();
        var channels = new[] { first, second };
        var next = new[] { _time.GetUtcNow(), _time.GetUtcNow() };
        var end = _time.GetUtcNow().AddSeconds(300);

        for (var i = 0; i < 100_000; i++)
        {
            var who = next[1] < next[0] ? 1 : 0;
            if (next[who] >= end)
            {
                break;
            }

            if (next[who] > _time.GetUtcNow())
            {
                _time.SetUtcNow(next[who]);
            }

            var wait = channels[who].TimeUntil(Block);
            if (wait == TimeSpan.Zero)
            {
                Assert.True(channels[who].TryTake(Block));
            }

            next[who] = _time.GetUtcNow() + wait;
        }

        AssertWithin(10_000, first.Moved / 300.0, 0.1);
        AssertWithin(10_000, second.Moved / 300.0, 0.1);
    }

    [Fact]
    public void TimeUntil_EmptyBucket_IsTheMissingBytesOverTheRate()
    {
        var limiter = new BandwidthLimiter(_time, 32_768);
        using var channel = limiter.CreateChannel();
        while (channel.TryTake(Block))
        {
        }

        var wait = channel.TimeUntil(Block);

        Assert.InRange(wait, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(500));
        _time.Advance(wait - TimeSpan.FromMilliseconds(1));
        Assert.False(channel.TryTake(Block));
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.True(channel.TryTake(Block));
    }

    [Fact]
    public void Unlimited_LetsEverythingThroughAtOnce()
    {
        var limiter = new BandwidthLimiter(_time, 0);
        using var channel = limiter.CreateChannel();

        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(channel.TryTake(Block));
        }

        Assert.Equal(TimeSpan.Zero, channel.TimeUntil(int.MaxValue));
    }

    [Fact]
    public void BytesPerSecond_ChangedMidway_AppliesFromThen()
    {
        var limiter = new BandwidthLimiter(_time, 100_000);
        using var channel = limiter.CreateChannel();
        RunGreedy(TimeSpan.FromSeconds(5), channel);

        limiter.BytesPerSecond = 20_000;
        var slowed = RunGreedy(TimeSpan.FromSeconds(100), channel);
        channel.BytesPerSecond = 10_000;
        var capped = RunGreedy(TimeSpan.FromSeconds(100), channel);

        AssertWithin(20_000, slowed[0], 0.02);
        AssertWithin(10_000, capped[0], 0.02);
    }

    [Fact]
    public void TryTake_MoreThanTheBucketHolds_PassesWhenFullAndLeavesDebt()
    {
        var limiter = new BandwidthLimiter(_time, 20_000);
        using var channel = limiter.CreateChannel();

        Assert.True(channel.TryTake(1_000_000));
        Assert.False(channel.TryTake(1));
        Assert.True(channel.TimeUntil(1) > TimeSpan.FromSeconds(45));
    }

    [Fact]
    public void TryTake_NegativeBytes_IsRefused()
    {
        var limiter = new BandwidthLimiter(_time, 20_000);
        using var channel = limiter.CreateChannel();

        Assert.Throws<ArgumentOutOfRangeException>(() => channel.TryTake(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => limiter.BytesPerSecond = -5);
    }
}
