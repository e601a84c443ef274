namespace HomeTelco.Host.Cli;

/// <summary>Dispatches <c>hometelco &lt;command&gt; ...</c>; with no command (or only options) it runs the box.</summary>
internal static class CommandLine
{
    public static Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Task.FromResult(0);
    }
}
