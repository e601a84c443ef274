using HomeTelco.Host.Cli;

return await CommandLine.RunAsync(args).ConfigureAwait(false);

/// <summary>Entry point; the CLI decides whether to run the box or a one-off command.</summary>
public partial class Program;
