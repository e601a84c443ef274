using System.Globalization;
using System.Runtime.InteropServices;

namespace HomeTelco.Core.Profiles;

/// <summary>
/// Hands back to the kernel the resident pages of the box's own files: its ReadyToRun assemblies, the runtime and the
/// native libraries. Starting the host and every engine runs code spread over about 45 MB of those files, and the pages
/// stay resident, as clean file pages, long after start-up; the kernel drops them only under memory pressure. Dropping
/// them all once start-up is over gives that memory back to the rest of the router at once. What the box still runs
/// comes back on its next use (a page fault reads it from the file); what only start-up ran stays out.
/// </summary>
public static partial class StartupPages
{
    // MADV_PAGEOUT (Linux 5.4): reclaim the range now. Clean file pages are dropped; pages another process also maps
    // (libc, shared with every program) are left alone, and without swap anonymous pages stay where they are.
    private const int PageOut = 21;
    private const int InvalidArgument = 22;

    /// <summary>Releases the resident pages of every file this process maps; see the type's remarks.</summary>
    public static StartupPagesRelease Release()
    {
        if (!OperatingSystem.IsLinux())
        {
            return new StartupPagesRelease(false, 0, 0, 0, 0);
        }

        var before = Environment.WorkingSet / 1024;
        var ranges = FileRanges(File.ReadAllText("/proc/self/maps"));
        long advised = 0;
        var failed = 0;
        foreach (var range in ranges)
        {
            if (Advise(range.Start, range.Length, PageOut) == 0)
            {
                advised += (long)range.Length;
                continue;
            }

            if (Marshal.GetLastPInvokeError() == InvalidArgument && advised == 0)
            {
                // A kernel before 5.4 does not know the advice: nothing to release on this box.
                return new StartupPagesRelease(false, ranges.Count, 0, before, before);
            }

            failed++;
        }

        return new StartupPagesRelease(true, ranges.Count - failed, advised, before, Environment.WorkingSet / 1024);
    }

    /// <summary>
    /// The process's resident pages of mapped files (<c>RssFile</c> in <c>/proc/self/status</c>), in KiB: what a
    /// release can give back. -1 where the system does not say.
    /// </summary>
    public static long FileResidentKb() =>
        OperatingSystem.IsLinux() ? FileResidentKb(File.ReadAllText("/proc/self/status")) : -1;

    /// <summary>The <c>RssFile</c> figure of a <c>/proc/[pid]/status</c> text, in KiB; -1 when it has none.</summary>
    internal static long FileResidentKb(string status)
    {
        foreach (var line in status.AsSpan().EnumerateLines())
        {
            if (line.StartsWith("RssFile:", StringComparison.Ordinal))
            {
                var value = line["RssFile:".Length..].Trim();
                var space = value.IndexOf(' ');
                return long.TryParse(space < 0 ? value : value[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var kb) ? kb : -1;
            }
        }

        return -1;
    }

    /// <summary>
    /// The mappings of real files in a <c>/proc/[pid]/maps</c> text. Anonymous memory, the kernel's own entries
    /// (<c>[heap]</c>, <c>[stack]</c>, <c>[vdso]</c>), memfd mappings (the runtime's double-mapped code, which is not a
    /// file that could be read back) and files deleted since they were mapped are left out.
    /// </summary>
    internal static List<MappedRange> FileRanges(string maps)
    {
        var ranges = new List<MappedRange>();
        foreach (var line in maps.AsSpan().EnumerateLines())
        {
            // address perms offset dev inode path: the path is whatever follows the inode (it may hold spaces).
            var rest = line;
            var address = NextField(ref rest);
            for (var field = 0; field < 4; field++)
            {
                _ = NextField(ref rest);
            }

            var path = rest.Trim();
            if (path.IsEmpty || path[0] != '/' || path.StartsWith("/memfd:", StringComparison.Ordinal) || path.EndsWith("(deleted)", StringComparison.Ordinal))
            {
                continue;
            }

            var dash = address.IndexOf('-');
            if (dash <= 0
                || !ulong.TryParse(address[..dash], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
                || !ulong.TryParse(address[(dash + 1)..], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end)
                || end <= start)
            {
                continue;
            }

            ranges.Add(new MappedRange((nint)start, (nuint)(end - start)));
        }

        return ranges;
    }

    private static ReadOnlySpan<char> NextField(ref ReadOnlySpan<char> rest)
    {
        rest = rest.TrimStart(' ');
        var space = rest.IndexOf(' ');
        var field = space < 0 ? rest : rest[..space];
        rest = space < 0 ? [] : rest[space..];
        return field;
    }

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Advise(nint address, nuint length, int advice);
}

/// <summary>One mapping of a file: where it starts and how many bytes it spans.</summary>
internal readonly record struct MappedRange(nint Start, nuint Length);

/// <summary>What <see cref="StartupPages.Release"/> did.</summary>
/// <param name="Supported">False where the system cannot release pages this way (not Linux, or a kernel before 5.4).</param>
/// <param name="Mappings">File mappings the kernel took the advice for.</param>
/// <param name="AdvisedBytes">Their total size (resident or not).</param>
/// <param name="ResidentBeforeKb">The process's resident set before, in KiB.</param>
/// <param name="ResidentAfterKb">And after, in KiB.</param>
public sealed record StartupPagesRelease(bool Supported, int Mappings, long AdvisedBytes, long ResidentBeforeKb, long ResidentAfterKb);
