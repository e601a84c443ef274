namespace HomeTelco.Core.Profiles;

/// <summary>
/// Names of ARM Ltd. cores by the "CPU part" number that arm64 kernels print in /proc/cpuinfo, which
/// is often the only hint of the CPU on a router (arm64 kernels dropped the "Hardware" line).
/// </summary>
internal static class ArmCpuParts
{
    // Implementer 0x41 is ARM Ltd.; other vendors reuse part numbers, so only ARM's own are named.
    private const int ArmImplementer = 0x41;

    public static string? Name(int implementer, int part) => implementer != ArmImplementer ? null : part switch
    {
        0xd03 => "ARM Cortex-A53",
        0xd04 => "ARM Cortex-A35",
        0xd05 => "ARM Cortex-A55",
        0xd07 => "ARM Cortex-A57",
        0xd08 => "ARM Cortex-A72",
        0xd09 => "ARM Cortex-A73",
        0xd0a => "ARM Cortex-A75",
        0xd0b => "ARM Cortex-A76",
        0xd0c => "ARM Neoverse-N1",
        0xd0d => "ARM Cortex-A77",
        0xd41 => "ARM Cortex-A78",
        0xc07 => "ARM Cortex-A7",
        0xc09 => "ARM Cortex-A9",
        0xc0f => "ARM Cortex-A15",
        _ => null,
    };
}
