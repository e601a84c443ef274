namespace HomeTelco.Core.Tests.Profiles;

/// <summary>Where the profile tests find the shipped profiles and the sample /proc trees.</summary>
internal static class TestPaths
{
    public static string ProfilesDir() => Path.Combine(RepoPaths.Root, "hardware-profiles");

    /// <summary>A sample /proc tree, copied beside the test binaries by the project file.</summary>
    public static string ProcSample(string name) => Path.Combine(AppContext.BaseDirectory, "Profiles", "proc-samples", name);
}
