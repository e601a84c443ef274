using System.Runtime.InteropServices;
using HomeTelco.Core.Profiles;

namespace HomeTelco.Core.Tests.Profiles;

public sealed class ProfileDetectorTests
{
    private const long MiB = 1024L * 1024;
    private const long GiB = 1024 * MiB;

    private static readonly IReadOnlyList<HardwareProfile> Catalog = ProfileCatalog.Load(TestPaths.ProfilesDir());

    [Theory]
    [InlineData("wrt-redmi-ax6000", Architecture.Arm64, "wrt-arm64-512m")]
    [InlineData("rpi4-2g", Architecture.Arm64, "sbc-arm64-2g")]
    [InlineData("nas-celeron-j4125", Architecture.X64, "nas-x64-4g")]
    [InlineData("minipc-i5-16g", Architecture.X64, "minipc-x64-8g")]
    [InlineData("armv7-old-256m", Architecture.Arm, "wrt-arm64-512m")]
    public void Detect_SampleMachine_PicksItsClass(string sample, Architecture architecture, string expected)
    {
        var facts = MachineFacts.Read(TestPaths.ProcSample(sample), architecture);

        var choice = ProfileDetector.Detect(facts, Catalog);

        Assert.Equal(expected, choice.Profile.Name);
        Assert.Equal(expected, choice.DetectedName);
        Assert.False(choice.Overridden);
    }

    [Fact]
    public void Detect_Router_ReasonIsOneReadableSentence()
    {
        var facts = new MachineFacts(Architecture.Arm64, 512 * MiB, 4, "ARM Cortex-A53");

        var choice = ProfileDetector.Detect(facts, Catalog);

        Assert.Equal("arm64 with 512 MiB of RAM and 4 cores: a router-class box.", choice.Reason);
    }

    [Theory]
    [InlineData(Architecture.X64, 5 * GiB, 4, "nas-x64-4g")]
    [InlineData(Architecture.X64, 16 * GiB, 2, "nas-x64-4g")]
    [InlineData(Architecture.X64, 8 * GiB, 4, "minipc-x64-8g")]
    [InlineData(Architecture.X64, 1 * GiB, 1, "wrt-arm64-512m")]
    [InlineData(Architecture.Arm64, 3 * GiB / 2, 4, "wrt-arm64-512m")]
    [InlineData(Architecture.Arm64, 8 * GiB, 4, "sbc-arm64-2g")]
    [InlineData(Architecture.Armv6, 512 * MiB, 1, "wrt-arm64-512m")]
    [InlineData(Architecture.X86, 1 * GiB, 2, "wrt-arm64-512m")]
    [InlineData(Architecture.X86, 4 * GiB, 2, "nas-x64-4g")]
    [InlineData(Architecture.RiscV64, 2 * GiB, 4, "sbc-arm64-2g")]
    [InlineData(Architecture.RiscV64, 16 * GiB, 8, "minipc-x64-8g")]
    public void Detect_Boundaries_PickExpectedProfile(Architecture architecture, long memory, int cpus, string expected)
    {
        var choice = ProfileDetector.Detect(new MachineFacts(architecture, memory, cpus, "test"), Catalog);

        Assert.Equal(expected, choice.Profile.Name);
    }

    [Fact]
    public void Detect_WantedProfileMissing_PicksLargestBudgetWithinHalfTheRam()
    {
        var withoutNas = Catalog.Where(p => p.Name != "nas-x64-4g").ToList();
        var facts = new MachineFacts(Architecture.X64, 4 * GiB, 4, "Celeron");

        var choice = ProfileDetector.Detect(facts, withoutNas);

        // The mini-PC's 2 GiB budget is exactly half of 4 GiB, so it is the largest that fits.
        Assert.Equal("minipc-x64-8g", choice.Profile.Name);
        Assert.Contains("no nas-x64-4g profile is installed", choice.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_WantedRouterMissing_FallsBackToSmallestWhenNothingFits()
    {
        var withoutRouter = Catalog.Where(p => p.Name != "wrt-arm64-512m").ToList();
        var facts = new MachineFacts(Architecture.Arm64, 480 * MiB, 2, "ARM Cortex-A53");

        var choice = ProfileDetector.Detect(facts, withoutRouter);

        Assert.Equal("sbc-arm64-2g", choice.Profile.Name);
    }

    [Fact]
    public void Detect_EmptyCatalog_Throws()
    {
        var facts = new MachineFacts(Architecture.X64, 4 * GiB, 4, "x");

        Assert.Throws<ProfileException>(() => ProfileDetector.Detect(facts, []));
    }

    [Theory]
    [InlineData(512 * MiB, "512 MiB")]
    [InlineData(2 * GiB, "2 GiB")]
    [InlineData(1_867_796L * 1024, "1.8 GiB")]
    public void FormatMemory_Sizes_ReadLikePeopleWrite(long bytes, string expected) =>
        Assert.Equal(expected, ProfileDetector.FormatMemory(bytes));
}
