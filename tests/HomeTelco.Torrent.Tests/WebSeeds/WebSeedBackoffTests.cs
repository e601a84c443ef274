using HomeTelco.Torrent.WebSeeds;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.WebSeeds;

public sealed class WebSeedBackoffTests
{
    [Fact]
    public void Failures_rest_the_seed_30_seconds_doubling_to_30_minutes()
    {
        var time = new FakeTimeProvider();
        var backoff = new WebSeedBackoff(time);
        Assert.False(backoff.IsWaiting);

        var delays = Enumerable.Range(0, 9).Select(_ => backoff.Failed().TotalSeconds).ToList();

        Assert.Equal([30, 60, 120, 240, 480, 960, 1800, 1800, 1800], delays);
        Assert.True(backoff.IsWaiting);
        time.Advance(TimeSpan.FromSeconds(1799));
        Assert.True(backoff.IsWaiting);
        time.Advance(TimeSpan.FromSeconds(1));
        Assert.False(backoff.IsWaiting);
    }

    [Fact]
    public void A_success_starts_over_from_the_first_delay()
    {
        var time = new FakeTimeProvider();
        var backoff = new WebSeedBackoff(time);
        backoff.Failed();
        backoff.Failed();

        backoff.Succeeded();

        Assert.False(backoff.IsWaiting);
        Assert.Equal(0, backoff.Failures);
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Failed());
    }

    [Fact]
    public void Retry_after_is_respected_within_bounds()
    {
        var time = new FakeTimeProvider();
        var backoff = new WebSeedBackoff(time);

        Assert.Equal(TimeSpan.FromSeconds(90), backoff.Failed(TimeSpan.FromSeconds(90)));
        Assert.Equal(WebSeedBackoff.MaxDelay, backoff.Failed(TimeSpan.FromDays(7)));
        Assert.Equal(TimeSpan.FromSeconds(1), backoff.Failed(TimeSpan.FromSeconds(-5)));
    }
}
