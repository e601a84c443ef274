using HomeTelco.Core.Profiles;

namespace HomeTelco.Core.Tests.Profiles;

public sealed class ActivityPageReleaseTests
{
    private const long Mb = 1024;

    [Fact]
    public void IdleBox_ReadingItsWorkingSetBack_IsNeverReleasedAgain()
    {
        // After the start-up release at 22 MB the once-a-minute jobs read 9 MB back over a few minutes, then nothing.
        var policy = new ActivityPageRelease(8 * Mb, 22 * Mb);

        Assert.False(policy.ShouldRelease(26 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(29 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(31 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(31 * Mb, usedSinceLastReading: false));
        Assert.Equal(31 * Mb, policy.IdleLevelKb);
        for (var minute = 0; minute < 60; minute++)
        {
            Assert.False(policy.ShouldRelease((31 * Mb) + (minute % 3 * 100), usedSinceLastReading: false));
        }
    }

    [Fact]
    public void PortalVisit_IsReleasedOnceTheBurstIsOver()
    {
        var policy = new ActivityPageRelease(8 * Mb, 22 * Mb);
        Assert.False(policy.ShouldRelease(30 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(30 * Mb, usedSinceLastReading: false));

        // The owner browses the portal for two intervals: 18 MB read back. Then one interval of tail, then quiet.
        Assert.False(policy.ShouldRelease(40 * Mb, usedSinceLastReading: true));
        Assert.False(policy.ShouldRelease(46 * Mb, usedSinceLastReading: true));
        Assert.False(policy.ShouldRelease(48 * Mb, usedSinceLastReading: false));
        Assert.True(policy.ShouldRelease(48 * Mb, usedSinceLastReading: false));

        // The idle box reads its working set back; the idle level it learned before stays, and nothing churns.
        policy.Released(21 * Mb);
        Assert.False(policy.ShouldRelease(28 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(30 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease((30 * Mb) + 300, usedSinceLastReading: false));
        Assert.Equal((30 * Mb) + 300, policy.IdleLevelKb);
        Assert.False(policy.ShouldRelease((30 * Mb) + 300, usedSinceLastReading: false));
    }

    [Fact]
    public void FirstRunSetup_RightAfterTheStartupRelease_IsReleasedToo()
    {
        // The owner opens /setup before the idle box has settled: no idle level yet, the post-release level stands in.
        var policy = new ActivityPageRelease(8 * Mb, 22 * Mb);
        Assert.False(policy.ShouldRelease(44 * Mb, usedSinceLastReading: true));
        Assert.False(policy.ShouldRelease(48 * Mb, usedSinceLastReading: false));
        Assert.Equal(-1, policy.IdleLevelKb);
        Assert.True(policy.ShouldRelease(48 * Mb, usedSinceLastReading: false));

        // Afterwards the box settles with nobody using it, and that level is the reference from then on.
        policy.Released(21 * Mb);
        Assert.False(policy.ShouldRelease(29 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(31 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(31 * Mb, usedSinceLastReading: false));
        Assert.Equal(31 * Mb, policy.IdleLevelKb);
    }

    [Fact]
    public void SmallUses_AddUp_UntilTheyAreWorthARelease()
    {
        var policy = new ActivityPageRelease(8 * Mb, 22 * Mb);
        Assert.False(policy.ShouldRelease(30 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(30 * Mb, usedSinceLastReading: false));

        // Each use reads back a few MB: not worth a release alone, and not taken as the idle level either.
        Assert.False(policy.ShouldRelease(33 * Mb, usedSinceLastReading: true));
        Assert.False(policy.ShouldRelease(33 * Mb, usedSinceLastReading: false));
        Assert.Equal(30 * Mb, policy.IdleLevelKb);
        Assert.False(policy.ShouldRelease(36 * Mb, usedSinceLastReading: true));
        Assert.False(policy.ShouldRelease(36 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(39 * Mb, usedSinceLastReading: true));
        Assert.True(policy.ShouldRelease(39 * Mb, usedSinceLastReading: false));
    }

    [Fact]
    public void KernelReclaimingUnderPressure_LowersTheIdleLevel_WithoutARelease()
    {
        var policy = new ActivityPageRelease(8 * Mb, 22 * Mb);
        Assert.False(policy.ShouldRelease(30 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(30 * Mb, usedSinceLastReading: false));

        Assert.False(policy.ShouldRelease(18 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(18 * Mb, usedSinceLastReading: false));
        Assert.Equal(18 * Mb, policy.IdleLevelKb);

        // Reading its working set back (12 MB) with nobody using the box is not a burst to release.
        Assert.False(policy.ShouldRelease(27 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(30 * Mb, usedSinceLastReading: false));
        Assert.False(policy.ShouldRelease(30 * Mb, usedSinceLastReading: false));
        Assert.Equal(30 * Mb, policy.IdleLevelKb);
    }

    [Fact]
    public void NoGrowthThreshold_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActivityPageRelease(0, 22 * Mb));
}
