using System.Globalization;

namespace SipLoad.Measure;

/// <summary>
/// CPU time (user + system) of the target from /proc: the given processes and all their descendants, since
/// Kamailio works in forked children. Children that exit during a run take their time with them; none do here.
/// </summary>
internal sealed class ProcessCpu
{
    private readonly IReadOnlyList<int> _roots;
    private readonly double _ticksPerSecond;

    public ProcessCpu(IReadOnlyList<int> roots, int clockTicksPerSecond)
    {
        _roots = roots;
        _ticksPerSecond = clockTicksPerSecond;
    }

    public bool IsEmpty => _roots.Count == 0;

    /// <summary>Seconds of CPU used so far by the roots and their descendants.</summary>
    public double Seconds()
    {
        if (_roots.Count == 0)
        {
            return 0;
        }

        var stats = ReadAll();
        var wanted = new HashSet<int>(_roots);
        // Parents come before children in pid order only by luck: repeat until no new descendant turns up.
        bool grew;
        do
        {
            grew = false;
            foreach (var (pid, (ppid, _)) in stats)
            {
                if (wanted.Contains(ppid) && wanted.Add(pid))
                {
                    grew = true;
                }
            }
        }
        while (grew);

        long ticks = 0;
        foreach (var pid in wanted)
        {
            if (stats.TryGetValue(pid, out var stat))
            {
                ticks += stat.Ticks;
            }
        }

        return ticks / _ticksPerSecond;
    }

    private static Dictionary<int, (int Parent, long Ticks)> ReadAll()
    {
        var result = new Dictionary<int, (int, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // "pid (comm) state ppid ..." : comm may hold spaces and parentheses, so split after the last ')'.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            // fields[0] is state (stat field 3), so stat field n is fields[n - 3].
            var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            result[pid] = (parent, ticks);
        }

        return result;
    }
}
