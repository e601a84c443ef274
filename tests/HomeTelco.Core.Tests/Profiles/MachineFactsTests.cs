using System.Runtime.InteropServices;
using HomeTelco.Core.Profiles;

namespace HomeTelco.Core.Tests.Profiles;

public sealed class MachineFactsTests
{
    [Fact]
    public void Read_OpenWrtRouter_CountsCoresAndNamesBoardFromDeviceTree()
    {
        var facts = MachineFacts.Read(TestPaths.ProcSample("wrt-redmi-ax6000"), Architecture.Arm64);

        Assert.Equal(Architecture.Arm64, facts.Architecture);
        Assert.Equal(481_580L * 1024, facts.MemoryBytes);
        Assert.Equal(4, facts.CpuCount);
        Assert.Equal("Xiaomi Redmi Router AX6000 (stock layout)", facts.CpuModel);
    }

    [Fact]
    public void Read_RaspberryPi4_PrefersModelLineOverHardware()
    {
        var facts = MachineFacts.Read(TestPaths.ProcSample("rpi4-2g"), Architecture.Arm64);

        Assert.Equal(1_867_796L * 1024, facts.MemoryBytes);
        Assert.Equal(4, facts.CpuCount);
        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4", facts.CpuModel);
    }

    [Fact]
    public void Read_CeleronNas_UsesModelName()
    {
        var facts = MachineFacts.Read(TestPaths.ProcSample("nas-celeron-j4125"), Architecture.X64);

        Assert.Equal(3_884_620L * 1024, facts.MemoryBytes);
        Assert.Equal(4, facts.CpuCount);
        Assert.Equal("Intel(R) Celeron(R) J4125 CPU @ 2.00GHz", facts.CpuModel);
    }

    [Fact]
    public void Read_MiniPc_CountsHardwareThreads()
    {
        var facts = MachineFacts.Read(TestPaths.ProcSample("minipc-i5-16g"), Architecture.X64);

        Assert.Equal(16_115_848L * 1024, facts.MemoryBytes);
        Assert.Equal(8, facts.CpuCount);
        Assert.Equal("11th Gen Intel(R) Core(TM) i5-1135G7 @ 2.40GHz", facts.CpuModel);
    }

    [Fact]
    public void Read_OldArmKernel_DoesNotCountCapitalProcessorLine()
    {
        var facts = MachineFacts.Read(TestPaths.ProcSample("armv7-old-256m"), Architecture.Arm);

        Assert.Equal(2, facts.CpuCount);
        Assert.Equal("Allwinner sun7i (A20) Family", facts.CpuModel);
    }

    [Fact]
    public void Read_Arm64WithOnlyCpuPart_NamesTheCore()
    {
        using var dir = new TempFolder();
        File.WriteAllText(dir.File("cpuinfo"), "processor\t: 0\nCPU implementer\t: 0x41\nCPU part\t: 0xd03\n\nprocessor\t: 1\nCPU implementer\t: 0x41\nCPU part\t: 0xd03\n");
        File.WriteAllText(dir.File("meminfo"), "MemTotal:  1000 kB\n");

        var facts = MachineFacts.Read(dir.Path, Architecture.Arm64);

        Assert.Equal("ARM Cortex-A53", facts.CpuModel);
        Assert.Equal(2, facts.CpuCount);
        Assert.Equal(1000L * 1024, facts.MemoryBytes);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("empty")]
    [InlineData("does-not-exist")]
    public void Read_UnusableFiles_FallsBackToRuntime(string sample)
    {
        var facts = MachineFacts.Read(TestPaths.ProcSample(sample));

        Assert.Equal(RuntimeInformation.OSArchitecture, facts.Architecture);
        Assert.Equal(Environment.ProcessorCount, facts.CpuCount);
        Assert.Equal(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, facts.MemoryBytes);
        Assert.False(string.IsNullOrWhiteSpace(facts.CpuModel));
    }

    [Fact]
    public void Read_RealProc_GivesPlausibleFacts()
    {
        var facts = MachineFacts.Read();

        Assert.True(facts.MemoryBytes > 64L * 1024 * 1024);
        Assert.True(facts.CpuCount >= 1);
    }
}
