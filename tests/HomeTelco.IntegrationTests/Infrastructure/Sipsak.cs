namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>Runs the real sipsak (installed by .ci/run) and returns its exit code with stdout and stderr together.</summary>
internal static class Sipsak
{
    /// <summary>Runs sipsak with <paramref name="args"/>; killed after 30 s (a <see cref="TimeoutException"/>).</summary>
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var result = await CommandRun.RunAsync("sipsak", args, TimeSpan.FromSeconds(30));
        return (result.ExitCode, result.StdOut + result.StdErr);
    }
}
