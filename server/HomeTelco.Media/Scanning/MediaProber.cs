namespace HomeTelco.Media.Scanning;

/// <summary>
/// Probes files with the Debian ffprobe binary. Counts its runs, so a test (and the metrics) can
/// tell that an unchanged rescan probed nothing.
/// </summary>
internal sealed class MediaProber(MediaToolPaths tools)
{
    private const int MaxJsonBytes = 1024 * 1024;
    private long _probeCount;
    private long _failureCount;

    /// <summary>ffprobe runs started since the box started.</summary>
    public long ProbeCount => Interlocked.Read(ref _probeCount);

    /// <summary>Files ffprobe could not read (unplayable), since the box started.</summary>
    public long FailureCount => Interlocked.Read(ref _failureCount);

    public async Task<ProbeResult> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _probeCount);
        // "file:" keeps a name like "http:x" or "-y" from being read as a protocol or an option.
        var outcome = await ToolRun.RunAsync(
            tools.Ffprobe,
            ["-v", "error", "-print_format", "json", "-show_format", "-show_streams", "-i", "file:" + path],
            tools.ProbeTimeout,
            MaxJsonBytes,
            cancellationToken).ConfigureAwait(false);
        var result = Interpret(outcome);
        if (result.Problem is not null)
        {
            Interlocked.Increment(ref _failureCount);
        }

        return result;
    }

    private ProbeResult Interpret(ToolRun.Outcome outcome)
    {
        if (outcome.TimedOut)
        {
            return ProbeResult.Failed($"ffprobe did not finish within {tools.ProbeTimeout.TotalSeconds:0} s.");
        }

        if (outcome.ExitCode != 0)
        {
            return ProbeResult.Failed(FirstLine(outcome.Errors) ?? $"ffprobe failed (exit code {outcome.ExitCode}).");
        }

        var result = FfprobeParser.Parse(outcome.Output);
        if (result.Problem is null && result.Video is null && result.Audio is null)
        {
            return ProbeResult.Failed("The file holds no audio or video stream.");
        }

        return result;
    }

    /// <summary>ffprobe's first error line without the file path it repeats (which is ours, not news).</summary>
    private static string? FirstLine(string errors)
    {
        if (string.IsNullOrWhiteSpace(errors))
        {
            return null;
        }

        var line = errors.Split('\n', 2)[0].Trim();
        var colon = line.LastIndexOf(": ", StringComparison.Ordinal);
        var text = colon >= 0 && colon + 2 < line.Length ? line[(colon + 2)..] : line;
        return text.Length > 200 ? text[..200] : text;
    }
}
