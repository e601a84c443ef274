using System.Diagnostics;

namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>What a program run to completion printed, and how it ended.</summary>
public sealed record CommandResult(int ExitCode, string StdOut, string StdErr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{StdOut}\n--- stderr\n{StdErr}";
}

/// <summary>
/// Runs a program to its end within a deadline, killing its process tree if it overruns. Its stdin gets
/// the given standard input, if any, and is then closed, so a program that reads it never waits on the runner's.
/// </summary>
public static class CommandRun
{
    public static async Task<CommandResult> RunAsync(
        string file, IEnumerable<string> args, TimeSpan timeout, Action<ProcessStartInfo>? configure = null, string? standardInput = null)
    {
        var info = new ProcessStartInfo(file)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        configure?.Invoke(info);
        using var process = Process.Start(info) ?? throw new InvalidOperationException(file + " did not start");
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', info.ArgumentList)} ran longer than {timeout}.");
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }
}
