using HomeTelco.Core.Profiles;

namespace HomeTelco.Core.Tests.Profiles;

public sealed class CpuLoadTests
{
    [Theory]
    [InlineData(20, 1000, false)] // an idle box: 2 % of a core
    [InlineData(249, 1000, false)]
    [InlineData(250, 1000, true)]
    [InlineData(900, 1000, true)] // a call burst on one core
    [InlineData(1800, 1000, true)] // two cores busy
    public void IsBusy_ComparesTheShareOfOneCoreWithTheLimit(int cpuMs, int elapsedMs, bool busy) =>
        Assert.Equal(busy, CpuLoad.IsBusy(TimeSpan.FromMilliseconds(cpuMs), TimeSpan.FromMilliseconds(elapsedMs)));

    [Fact]
    public void ShareOfCore_IsCpuTimeOverWallTime() =>
        Assert.Equal(1.5, CpuLoad.ShareOfCore(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)), 6);

    [Fact]
    public void ShareOfCore_OfNoTimeOrABackwardsReading_IsZero()
    {
        Assert.Equal(0, CpuLoad.ShareOfCore(TimeSpan.FromSeconds(1), TimeSpan.Zero));
        Assert.Equal(0, CpuLoad.ShareOfCore(TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1)));
        Assert.False(CpuLoad.IsBusy(TimeSpan.FromSeconds(5), TimeSpan.Zero));
    }
}
