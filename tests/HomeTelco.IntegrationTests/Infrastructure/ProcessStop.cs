using System.Diagnostics;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>How every test helper ends the external program it started: the whole process tree, awaited, disposed.</summary>
internal static class ProcessStop
{
    /// <summary>Kills <paramref name="process"/> and its children if still running, waits up to 10 s for it, and disposes it.</summary>
    public static async Task KillAndDisposeAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone, or never started: nothing to stop.
        }
        finally
        {
            process.Dispose();
        }
    }
}
