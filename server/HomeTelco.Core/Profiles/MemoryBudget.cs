namespace HomeTelco.Core.Profiles;

/// <summary>
/// Applies a profile's memory budget as the GC heap hard limit of the running process, so a router
/// box fails one allocation instead of pushing the whole router into swap or the OOM killer.
/// </summary>
public static class MemoryBudget
{
    // The GC reads this AppContext key (a ulong of bytes) on RefreshMemoryLimit; environment variables
    // such as DOTNET_GCHeapHardLimit are only read at process start.
    private const string HardLimitKey = "GCHeapHardLimit";

    /// <summary>
    /// Sets the GC heap hard limit to the profile's <see cref="HardwareProfile.MemoryBudgetMb"/>. It
    /// limits the managed heap only (not native memory or ffmpeg), and 32-bit processes ignore it.
    /// Throws <see cref="ProfileException"/> when the process already holds more than the budget.
    /// </summary>
    public static void Apply(HardwareProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var bytes = (ulong)profile.MemoryBudgetMb * 1024 * 1024;
        AppContext.SetData(HardLimitKey, bytes);
        try
        {
            GC.RefreshMemoryLimit();
        }
        catch (InvalidOperationException ex)
        {
            throw new ProfileException($"The {profile.Name} profile's memory budget of {profile.MemoryBudgetMb} MiB is below what the box already holds ({ex.Message}); choose a larger profile.", ex);
        }
    }

    /// <summary>The memory the GC currently allows this process: the hard limit once applied.</summary>
    public static long CurrentLimitBytes() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
}
