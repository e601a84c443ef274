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

        Assert.False(policy.ShouldRelease(26 * Mb));
        Assert.False(policy.ShouldRelease(29 * Mb));
        Assert.False(policy.ShouldRelease(31 * Mb));
        Assert.False(policy.ShouldRelease(31 * Mb));
        Assert.Equal(31 * Mb, policy.SettledKb);
        for (var minute = 0; minute < 60; minute++)
        {
            Assert.False(policy.ShouldRelease((31 * Mb) + (minute % 3 * 100)));
        }
    }

    [Fact]
    public void PortalVisit_IsReleasedOnceTheBurstIsOver_AndTheBoxSettlesAgain()
    {
        var policy = new ActivityPageRelease(8 * Mb, 22 * Mb);
        Assert.False(policy.ShouldRelease(30 * Mb));
        Assert.False(policy.ShouldRelease(30 * Mb));

        // The owner browses the portal: 18 MB read back over two readings; still growing, so not yet.
        Assert.False(policy.ShouldRelease(40 * Mb));
        Assert.False(policy.ShouldRelease(48 * Mb));
        Assert.True(policy.ShouldRelease(48 * Mb));

        policy.Released(21 * Mb);
        Assert.Equal(-1, policy.SettledKb);
        Assert.False(policy.ShouldRelease(28 * Mb));
        Assert.False(policy.ShouldRelease(30 * Mb));
        Assert.Equal(-1, policy.SettledKb);
        Assert.False(policy.ShouldRelease((30 * Mb) + 300));
        Assert.Equal((30 * Mb) + 300, policy.SettledKb);
    }

    [Fact]
    public void GrowthBelowTheThreshold_IsKept()
    {
        var policy = new ActivityPageRelease(8 * Mb, 22 * Mb);
        Assert.False(policy.ShouldRelease(30 * Mb));
        Assert.False(policy.ShouldRelease(30 * Mb));

        Assert.False(policy.ShouldRelease(37 * Mb));
        Assert.False(policy.ShouldRelease(37 * Mb));
        Assert.False(policy.ShouldRelease(37 * Mb));
    }

    [Fact]
    public void KernelReclaimingUnderPressure_MakesTheBoxSettleAnew()
    {
        var policy = new ActivityPageRelease(8 * Mb, 22 * Mb);
        Assert.False(policy.ShouldRelease(30 * Mb));
        Assert.False(policy.ShouldRelease(30 * Mb));

        Assert.False(policy.ShouldRelease(18 * Mb));
        Assert.Equal(-1, policy.SettledKb);

        // Reading its working set back (12 MB) does not count as activity to release.
        Assert.False(policy.ShouldRelease(27 * Mb));
        Assert.False(policy.ShouldRelease(30 * Mb));
        Assert.False(policy.ShouldRelease(30 * Mb));
        Assert.Equal(30 * Mb, policy.SettledKb);
        Assert.False(policy.ShouldRelease(30 * Mb));
    }

    [Fact]
    public void NoGrowthThreshold_IsRefused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new ActivityPageRelease(0, 22 * Mb));
}
