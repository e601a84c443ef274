namespace HomeTelco.Tests;

/// <summary>Finds the checkout and the build outputs of sibling projects, whatever the configuration. Shared by every test project.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    /// <summary>"Debug" or "Release": the segment after <c>bin</c> in this test's own output path.</summary>
    public static string Configuration { get; } = FindConfiguration();

    public static string Output(string projectDir, string assembly) =>
        Path.Combine(Root, projectDir, "bin", Configuration, "net10.0", assembly);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "HomeTelco.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("HomeTelco.sln not found above " + AppContext.BaseDirectory);
    }

    private static string FindConfiguration()
    {
        var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
        var bin = Array.LastIndexOf(parts, "bin");
        return bin >= 0 && bin + 1 < parts.Length ? parts[bin + 1] : "Debug";
    }
}
