using HomeTelco.Media.Scanning;
using HomeTelco.Tests.Media;

namespace HomeTelco.Media.Tests.Scanning;

/// <summary>ffmpeg runs that go on too long are killed and reaped: none is left behind.</summary>
public sealed class ToolRunTests
{
    [Fact]
    public async Task RunAsync_EndlessFfmpegTimesOut_KilledAndNoChildLeft()
    {
        // An endless test source: ffmpeg would run until killed.
        var outcome = await ToolRun.RunAsync("ffmpeg", ["-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=5", "-f", "null", "-"],
            TimeSpan.FromMilliseconds(500), 1024, CancellationToken.None);

        Assert.True(outcome.TimedOut);
        Assert.Empty(ChildProcesses.Ffmpeg("rate=5"));
    }

    [Fact]
    public async Task RunAsync_Cancelled_KillsAndThrows()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ToolRun.RunAsync("ffmpeg",
            ["-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=64x64:rate=6", "-f", "null", "-"], TimeSpan.FromMinutes(1), 1024, cancel.Token));

        Assert.Empty(ChildProcesses.Ffmpeg("rate=6"));
    }

    [Fact]
    public async Task RunAsync_MissingExecutable_CleanOutcome()
    {
        var outcome = await ToolRun.RunAsync("/nonexistent/ffprobe", [], TimeSpan.FromSeconds(5), 1024, CancellationToken.None);

        Assert.Equal(-1, outcome.ExitCode);
        Assert.Contains("could not be started", outcome.Errors, StringComparison.Ordinal);
    }
}
