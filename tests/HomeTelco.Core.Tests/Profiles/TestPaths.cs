namespace HomeTelco.Core.Tests.Profiles;

/// <summary>Where the profile tests find the shipped profiles and the sample /proc trees.</summary>
internal static class TestPaths
{
    /// <summary>The folder holding HomeTelco.sln, found by walking up from the test binaries.</summary>
    public static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HomeTelco.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No HomeTelco.sln above {AppContext.BaseDirectory}.");
    }

    public static string ProfilesDir() => Path.Combine(RepoRoot(), "hardware-profiles");

    /// <summary>A sample /proc tree: beside the test binaries when the project copies them, else in the source tree.</summary>
    public static string ProcSample(string name)
    {
        var copied = Path.Combine(AppContext.BaseDirectory, "Profiles", "proc-samples", name);
        return Directory.Exists(copied)
            ? copied
            : Path.Combine(RepoRoot(), "tests", "HomeTelco.Core.Tests", "Profiles", "proc-samples", name);
    }
}
