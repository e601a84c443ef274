using System.Globalization;
using System.Runtime.InteropServices;

namespace HomeTelco.Core.Profiles;

/// <summary>
/// Picks the hardware profile that fits a machine from its architecture, memory and CPU count.
/// </summary>
public static class ProfileDetector
{
    /// <summary>Router-class ARM boxes with up to 1.5 GiB.</summary>
    public const string Router = "wrt-arm64-512m";

    /// <summary>Single-board computers (Raspberry Pi and the like).</summary>
    public const string SingleBoard = "sbc-arm64-2g";

    /// <summary>Small x64 NAS boxes.</summary>
    public const string Nas = "nas-x64-4g";

    /// <summary>x64 mini-PCs and anything bigger.</summary>
    public const string MiniPc = "minipc-x64-8g";

    private const long MiB = 1024L * 1024;
    private const long GiB = 1024 * MiB;

    // MemTotal is what the kernel manages, a little under what is installed (a "512 MiB" router shows
    // ~480 MiB, a "2 GiB" Pi ~1.8 GiB), so thresholds sit between classes rather than on their sizes.
    private const long SmallBoxMemory = 3 * GiB / 2;
    private const long NasMemory = 6 * GiB;
    private const long BoardMemory = 3 * GiB;

    /// <summary>
    /// Chooses from <paramref name="catalog"/>. When the profile this machine calls for is not in the
    /// catalog, the one with the largest memory budget that still fits in half the RAM is used (half,
    /// because the budget is the managed heap alone: the OS, ffmpeg and the page cache need the rest),
    /// or the smallest profile when none fits.
    /// </summary>
    public static ProfileChoice Detect(MachineFacts facts, IReadOnlyList<HardwareProfile> catalog)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(catalog);
        if (catalog.Count == 0)
        {
            throw new ProfileException("No hardware profiles are loaded, so none can be chosen; the hardware-profiles folder beside the program must hold at least one.");
        }

        var (wanted, kind) = Classify(facts);
        var machine = Describe(facts);
        var exact = catalog.FirstOrDefault(p => string.Equals(p.Name, wanted, StringComparison.Ordinal));
        if (exact is not null)
        {
            return new ProfileChoice(exact, $"{machine}: {kind}.", exact.Name, Overridden: false);
        }

        var fallback = Fallback(facts.MemoryBytes, catalog);
        var reason = $"{machine}: {kind}, but no {wanted} profile is installed, so {fallback.Name} ({fallback.MemoryBudgetMb.ToString(CultureInfo.InvariantCulture)} MiB budget) is the closest that fits.";
        return new ProfileChoice(fallback, reason, fallback.Name, Overridden: false);
    }

    /// <summary>"arm64 with 512 MiB of RAM and 4 cores", for reasons and CLI output.</summary>
    public static string Describe(MachineFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var cores = facts.CpuCount == 1 ? "1 core" : $"{facts.CpuCount.ToString(CultureInfo.InvariantCulture)} cores";
        return $"{ArchitectureName(facts.Architecture)} with {FormatMemory(facts.MemoryBytes)} of RAM and {cores}";
    }

    /// <summary>Lowercase architecture name as people write it: x64, arm64, arm.</summary>
    public static string ArchitectureName(Architecture architecture) =>
        architecture.ToString().ToLowerInvariant();

    /// <summary>Memory as "512 MiB", "1.8 GiB" or "16 GiB".</summary>
    public static string FormatMemory(long bytes)
    {
        if (bytes < GiB)
        {
            return $"{(bytes / MiB).ToString(CultureInfo.InvariantCulture)} MiB";
        }

        var gib = Math.Round((double)bytes / GiB, 1);
        return $"{gib.ToString("0.#", CultureInfo.InvariantCulture)} GiB";
    }

    private static (string Wanted, string Kind) Classify(MachineFacts facts)
    {
        var memory = facts.MemoryBytes;
        var small = memory <= SmallBoxMemory;
        switch (facts.Architecture)
        {
            case Architecture.Arm64:
            case Architecture.Arm:
            case Architecture.Armv6:
                return small ? (Router, "a router-class box") : (SingleBoard, "a single-board computer");
            case Architecture.X64:
                if (small)
                {
                    // A tiny x64 VM or thin client: the NAS budget would not fit, the router's does.
                    return (Router, "an x64 box too small for the NAS profile, so router-class limits");
                }

                return memory <= NasMemory || facts.CpuCount <= 2
                    ? (Nas, "a NAS-class box")
                    : (MiniPc, "a mini-PC-class box");
            case Architecture.X86:
                // A 32-bit process cannot use a mini-PC's budget, and the GC ignores heap limits there.
                return small ? (Router, "an old 32-bit x86 box, so router-class limits") : (Nas, "a 32-bit x86 box, so NAS-class limits at most");
            default:
                // RISC-V, LoongArch and the rest: nothing known about their media blocks, so size by memory alone.
                if (small)
                {
                    return (Router, "an unfamiliar architecture sized by memory alone: router-class limits");
                }

                if (memory <= BoardMemory)
                {
                    return (SingleBoard, "an unfamiliar architecture sized by memory alone: single-board limits");
                }

                return memory <= NasMemory
                    ? (Nas, "an unfamiliar architecture sized by memory alone: NAS-class limits")
                    : (MiniPc, "an unfamiliar architecture sized by memory alone: mini-PC limits");
        }
    }

    private static HardwareProfile Fallback(long memoryBytes, IReadOnlyList<HardwareProfile> catalog)
    {
        var fits = catalog.Where(p => p.MemoryBudgetMb * MiB <= memoryBytes / 2).ToList();
        return fits.Count > 0
            ? fits.MaxBy(p => p.MemoryBudgetMb)!
            : catalog.MinBy(p => p.MemoryBudgetMb)!;
    }
}
