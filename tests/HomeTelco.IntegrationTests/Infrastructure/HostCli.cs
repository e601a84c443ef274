using System.Diagnostics;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>Runs the built <c>hometelco</c> executable as a separate process, the way a person types it.</summary>
public static class HostCli
{
    public static string HostDll => Path.Combine(RepoRoot, "server", "HomeTelco.Host", "bin", Configuration, "net10.0", "hometelco.dll");

    public static string RepoRoot { get; } = FindRoot();

    public static string Configuration { get; } = FindConfiguration();

    public static async Task<CliResult> RunAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(HostDll);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

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

/// <summary>What a CLI call printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err);
