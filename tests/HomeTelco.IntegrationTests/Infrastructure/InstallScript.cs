namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>
/// The repository's install.sh, run for real, and one bundle of it (--bundle) built per test run on first use: tests
/// that install from the bundle skip a build from source, which takes a minute or two each.
/// </summary>
public static class InstallScript
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);
    private static readonly Lazy<Task<string>> SharedBundle = new(BuildBundleAsync, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A bundle folder for this machine (BUNDLE, app/, install.sh), removed when the test run ends.</summary>
    public static Task<string> BundleAsync() => SharedBundle.Value;

    /// <summary>Runs install.sh with <paramref name="args"/>, its temporary files under <paramref name="tmp"/>.</summary>
    public static Task<CommandResult> RunAsync(string tmp, params string[] args) =>
        CommandRun.RunAsync("bash", [Path.Combine(RepoPaths.Root, "install.sh"), .. args], Timeout, info =>
        {
            info.WorkingDirectory = RepoPaths.Root;
            // The test runner's MSBuild variables would steer the installer's own dotnet publish.
            foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                info.Environment.Remove(name);
            }

            info.Environment["TMPDIR"] = tmp;
        });

    private static async Task<string> BuildBundleAsync()
    {
        var tmp = Directory.CreateTempSubdirectory("hometelco-bundle-").FullName;
        DeleteAtExit.Register(tmp);
        var bundle = Path.Combine(tmp, "bundle");
        var built = await RunAsync(tmp, "--bundle", bundle);
        if (built.ExitCode != 0 || !File.Exists(Path.Combine(bundle, "BUNDLE")) || !File.Exists(Path.Combine(bundle, "app", "hometelco")))
        {
            throw new InvalidOperationException($"install.sh --bundle did not build a bundle:\n{built}");
        }

        return bundle;
    }
}
