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
        var info = StartInfo(file, args, configure);
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
            throw Overran(process, info, timeout);
        }

        return new CommandResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>The same, blocking: for fixtures made in constructors and static initialisers (test torrents, the published box).</summary>
    public static CommandResult Run(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var info = StartInfo(file, args, configure: null);
        using var process = Process.Start(info) ?? throw new InvalidOperationException(file + " did not start");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            throw Overran(process, info, timeout);
        }

        return new CommandResult(process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary><see cref="Run"/> for a tool that makes a fixture (mktorrent): a non-zero exit fails with its output.</summary>
    public static void RunToSuccess(string file, IEnumerable<string> args, TimeSpan timeout)
    {
        var result = Run(file, args, timeout);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {result}");
        }
    }

    private static ProcessStartInfo StartInfo(string file, IEnumerable<string> args, Action<ProcessStartInfo>? configure)
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
        return info;
    }

    private static TimeoutException Overran(Process process, ProcessStartInfo info, TimeSpan timeout)
    {
        process.Kill(entireProcessTree: true);
        return new TimeoutException($"{info.FileName} {string.Join(' ', info.ArgumentList)} ran longer than {timeout}.");
    }
}
