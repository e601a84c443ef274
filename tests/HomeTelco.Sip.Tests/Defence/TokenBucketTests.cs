using HomeTelco.Sip.Defence;

namespace HomeTelco.Sip.Tests.Defence;

public sealed class TokenBucketTests
{
    private const long Frequency = 1_000;

    private static int Take(ref TokenBucket bucket, long now, int count)
    {
        var taken = 0;
        for (var i = 0; i < count; i++)
        {
            taken += bucket.TryTake(now, ratePerSecond: 10, burst: 5, Frequency) ? 1 : 0;
        }

        return taken;
    }

    [Fact]
    public void TryTake_FreshBucket_FullBurstThenEmpty()
    {
        var bucket = default(TokenBucket);

        Assert.Equal(5, Take(ref bucket, 1_000, 20));
    }

    [Fact]
    public void TryTake_AfterAPause_RefillsAtTheRateUpToTheBurst()
    {
        var bucket = default(TokenBucket);
        Take(ref bucket, 0, 5);

        Assert.Equal(1, Take(ref bucket, 100, 20));
        Assert.Equal(2, Take(ref bucket, 300, 20));
        Assert.Equal(5, Take(ref bucket, 60_000, 20));
    }

    [Fact]
    public void TryTake_ClockGoingBackwards_NoTokensMinted()
    {
        var bucket = default(TokenBucket);
        Take(ref bucket, 10_000, 5);

        Assert.Equal(0, Take(ref bucket, 5_000, 5));
    }
}
