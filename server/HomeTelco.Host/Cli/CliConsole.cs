namespace HomeTelco.Host.Cli;

/// <summary>Where a CLI command writes: results to <see cref="Out"/>, errors to <see cref="Err"/>.</summary>
internal sealed record CliConsole(TextWriter Out, TextWriter Err);
