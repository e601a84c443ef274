using System.Diagnostics;
using HomeTelco.Core.Profiles;

namespace HomeTelco.Media.Tests.Streaming;

/// <summary>Runs the real ffmpeg/ffprobe for the streaming tests, and checks no ffmpeg child is left.</summary>
internal static class MediaTools
{
    /// <summary>Runs a tool to completion (bounded) and returns its exit code and stdout+stderr.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string tool, IEnumerable<string> args, TimeSpan? timeout = null)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(120));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{tool} {string.Join(' ', args)} did not finish in time");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>A 1080p H.264/AAC MP4 of the given length (testsrc + sine), made with ultrafast to spare the shared cores.</summary>
    public static async Task MakeSourceAsync(string path, int seconds, int height = 1080)
    {
        var width = height * 16 / 9;
        var (code, output) = await RunAsync("ffmpeg", [
            "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p",
            "-c:a", "aac", "-movflags", "+faststart", path]);
        Assert.True(code == 0, output);
    }

    /// <summary>Decodes every frame of a media file with ffprobe and returns the number of video frames read.</summary>
    public static async Task<int> DecodedVideoFramesAsync(string path)
    {
        var (code, output) = await RunAsync("ffprobe", ["-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path]);
        Assert.True(code == 0, $"ffprobe failed on {path}: {output}");
        return int.Parse(output.Trim().Split('\n')[0].Trim().TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Ids of live ffmpeg processes whose parent is this test process.</summary>
    public static IReadOnlyList<int> FfmpegChildren()
    {
        var me = Environment.ProcessId;
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                var fields = stat[(close + 2)..].Split(' ');
                if (comm == "ffmpeg" && int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == me && fields[0] != "Z")
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
            }
        }

        return found;
    }

    /// <summary>Asserts no ffmpeg child is left, naming the command lines of any that are.</summary>
    /// <remarks>
    /// Only ffmpeg processes working in <paramref name="workDir"/> (where the engine runs every session's ffmpeg)
    /// count: other test classes of this assembly (the library scanner's) run their own ffmpeg in parallel.
    /// </remarks>
    public static void AssertNoFfmpegChildren(string workDir)
    {
        var left = FfmpegChildren().Where(pid => WorkingDirectory(pid)?.StartsWith(workDir, StringComparison.Ordinal) == true).ToList();
        Assert.True(left.Count == 0, "ffmpeg left running: " + string.Join(" ; ", left.Select(CommandLine)));
    }

    private static string? WorkingDirectory(int pid)
    {
        try
        {
            return new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: false)?.FullName;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return pid + ": " + File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return pid + ": gone";
        }
    }

    /// <summary>A process's state letter from /proc (R, S, T for stopped, Z for zombie), or null when gone.</summary>
    public static char? ProcessState(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[stat.LastIndexOf(')') + 2];
        }
        catch (IOException)
        {
            return null;
        }
    }

    public static HardwareProfile Profile(int maxTranscodes, string acceleration = "none") => new()
    {
        Name = "test-" + maxTranscodes,
        Description = "test",
        MemoryBudgetMb = 512,
        MaxConcurrentTranscodes = maxTranscodes,
        HardwareAcceleration = acceleration,
        MaxActiveTorrents = 1,
        MaxTorrentPeers = 10,
        TorrentDiskCacheMb = 8,
        MediaCacheMb = 8,
        MaxSipRegistrations = 10,
        MaxSipCalls = 2,
        ScanParallelism = 1,
    };

    /// <summary>Polls until the condition holds or the deadline passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<bool> condition, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(50);
        }

        return true;
    }
}
