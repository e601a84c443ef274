using HomeTelco.Sip.Auth;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Auth;

public sealed class DigestReplayTableTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private long Now => _time.GetUtcNow().ToUnixTimeMilliseconds();

    [Fact]
    public void TryAccept_IncreasingNc_AcceptsAndRefusesRepeatOrLower()
    {
        var table = new DigestReplayTable(10, TimeSpan.FromMinutes(5), _time);

        Assert.Equal(DigestReplayStatus.Accepted, table.TryAccept("n", Now, 1));
        Assert.Equal(DigestReplayStatus.Replayed, table.TryAccept("n", Now, 1));
        Assert.Equal(DigestReplayStatus.Accepted, table.TryAccept("n", Now, 3));
        Assert.Equal(DigestReplayStatus.Replayed, table.TryAccept("n", Now, 2));
        Assert.Equal(DigestReplayStatus.Accepted, table.TryAccept("other", Now, 1));
    }

    [Fact]
    public void TryGetIssuedAt_KnowsOnlyAcceptedNonces()
    {
        var table = new DigestReplayTable(10, TimeSpan.FromMinutes(5), _time);
        var issued = Now - 1234;

        Assert.False(table.TryGetIssuedAt("n", out _));
        table.TryAccept("n", issued, 1);

        Assert.True(table.TryGetIssuedAt("n", out var issuedAt));
        Assert.Equal(issued, issuedAt);
        Assert.False(table.TryGetIssuedAt("N", out _));
    }

    [Fact]
    public void TryAccept_HundredThousandDistinctNonces_StaysBounded()
    {
        var table = new DigestReplayTable(DigestOptions.DefaultReplayCapacity, TimeSpan.FromMinutes(5), _time);

        for (var i = 0; i < 100_000; i++)
        {
            table.TryAccept("nonce-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Now, 1);
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(DigestOptions.DefaultReplayCapacity, table.Count);
    }

    [Fact]
    public void TryAccept_NonceEvictedWhileLive_IsForgottenNotAccepted()
    {
        var table = new DigestReplayTable(2, TimeSpan.FromMinutes(5), _time);
        var firstIssued = Now;
        table.TryAccept("a", firstIssued, 1);
        _time.Advance(TimeSpan.FromSeconds(1));
        table.TryAccept("b", Now, 1);
        table.TryAccept("c", Now, 1);

        // "a" was evicted while it could still be used: its nc history is gone, so a replay must not pass.
        Assert.Equal(DigestReplayStatus.Forgotten, table.TryAccept("a", firstIssued, 1));
        Assert.Equal(2, table.Count);
    }

    [Fact]
    public void TryAccept_AfterLifetime_PrunesOldEntries()
    {
        var table = new DigestReplayTable(100, TimeSpan.FromMinutes(5), _time);
        for (var i = 0; i < 50; i++)
        {
            table.TryAccept("old-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), Now, 1);
        }

        _time.Advance(TimeSpan.FromMinutes(10));
        table.TryAccept("new", Now, 1);

        Assert.Equal(1, table.Count);
    }
}
