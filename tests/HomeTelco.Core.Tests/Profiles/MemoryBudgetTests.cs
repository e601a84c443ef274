using HomeTelco.Core.Profiles;

namespace HomeTelco.Core.Tests.Profiles;

// Apply is not tested here on purpose: a heap limit on the test process would starve every other test.
// It was checked by hand in a throwaway program (limit 24 GiB -> 96 MiB, then raised to 512 MiB).
public sealed class MemoryBudgetTests
{
    [Fact]
    public void CurrentLimitBytes_Always_IsPositive() =>
        Assert.True(MemoryBudget.CurrentLimitBytes() > 0);
}
