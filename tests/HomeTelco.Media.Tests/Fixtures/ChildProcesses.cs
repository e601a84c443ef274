namespace HomeTelco.Tests.Media;

/// <summary>Children of this test process by name, read from /proc: how a test proves no ffmpeg was left running.</summary>
public static class ChildProcesses
{
    /// <summary>
    /// Children named ffmpeg or ffprobe (running or zombie) whose command line contains <paramref name="marker"/>:
    /// test classes run in parallel, so each looks only for the processes it started.
    /// </summary>
    public static IReadOnlyList<int> Ffmpeg(string marker) =>
        Named("ffmpeg", "ffprobe").Where(pid => CommandLine(pid).Contains(marker, StringComparison.Ordinal)).ToList();

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return "";
        }
    }

    public static IReadOnlyList<int> Named(params string[] names)
    {
        var me = Environment.ProcessId;
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(dir, "stat"));
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid ...": comm may hold spaces, so split after the last ')'.
            var open = stat.IndexOf('(', StringComparison.Ordinal);
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < open)
            {
                continue;
            }

            var comm = stat[(open + 1)..close];
            var fields = stat[(close + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], out var ppid) && ppid == me && names.Contains(comm, StringComparer.Ordinal))
            {
                found.Add(pid);
            }
        }

        return found;
    }
}
