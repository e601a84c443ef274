namespace HomeTelco.IntegrationTests.Infrastructure;

/// <summary>Runs the published <c>hometelco</c> executable as a separate process, the way a person types it.</summary>
public static class HostCli
{
    public static Task<CliResult> RunAsync(string? stdin, params string[] args) => RunAsync(stdin, new Dictionary<string, string>(), args);

    public static async Task<CliResult> RunAsync(string? stdin, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var result = await CommandRun.RunAsync(
            PublishedBox.Executable,
            args,
            TimeSpan.FromSeconds(60),
            start =>
            {
                foreach (var (name, value) in environment)
                {
                    start.Environment[name] = value;
                }
            },
            stdin);
        return new CliResult(result.ExitCode, result.StdOut, result.StdErr);
    }
}

/// <summary>What a CLI call printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Out, string Err);
