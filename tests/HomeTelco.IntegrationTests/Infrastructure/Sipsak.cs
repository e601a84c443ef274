using System.Diagnostics;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>Runs the real sipsak (installed by .ci/run) and returns its exit code with stdout and stderr together.</summary>
internal static class Sipsak
{
    /// <summary>Runs sipsak with <paramref name="args"/>; killed and rethrown as cancelled after 30 s.</summary>
    public static async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var info = new ProcessStartInfo("sipsak") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("sipsak is missing: bash .ci/run installs it");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }
}
