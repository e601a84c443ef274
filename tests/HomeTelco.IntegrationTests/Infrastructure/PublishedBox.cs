using System.Runtime.InteropServices;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>
/// The box as owners run it: published self-contained, trimmed and ReadyToRun for this machine, as install.sh does it.
/// Published once per test run, on first use, into a temp folder removed when the run ends. Every test that starts the
/// box as a process (the CLI, the portal in a browser, softphones, torrents) runs this build, so framework code the
/// trimmer removed but the box needs fails a test rather than an owner's box.
/// </summary>
public static class PublishedBox
{
    private static readonly TimeSpan PublishDeadline = TimeSpan.FromMinutes(10);
    private static readonly Lazy<string> Folder = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The published <c>hometelco</c> executable (publishing it first if this run has not yet).</summary>
    public static string Executable => Path.Combine(Folder.Value, "hometelco");

    private static string Publish()
    {
        var folder = Directory.CreateTempSubdirectory("hometelco-published-").FullName;
        DeleteAtExit.Register(folder);
        var rid = RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        string[] arguments =
        [
            "publish", Path.Combine(RepoPaths.Root, "server", "HomeTelco.Host", "HomeTelco.Host.csproj"), "-c", "Release", "-r", rid,
            "--self-contained", "true", "-p:PublishReadyToRun=true", "-o", folder, "--nologo", "-v", "q",
            // No build server or node left behind by the test run.
            "-nodeReuse:false", "-p:UseSharedCompilation=false",
        ];
        var result = CommandRun.Run("dotnet", arguments, PublishDeadline);
        var executable = Path.Combine(folder, "hometelco");
        if (result.ExitCode != 0 || !File.Exists(executable))
        {
            throw new InvalidOperationException($"dotnet publish of the box failed: {result}");
        }

        return folder;
    }
}
