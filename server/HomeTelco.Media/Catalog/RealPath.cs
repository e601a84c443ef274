namespace HomeTelco.Media.Catalog;

/// <summary>
/// The physical path of a file with every symbolic link resolved (what realpath(3) returns), so a
/// containment check cannot be fooled by a link inside a library that points out of it.
/// </summary>
internal static class RealPath
{
    // The kernel's own limit on links followed in one lookup (ELOOP).
    private const int MaxLinkHops = 40;

    /// <summary>The resolved absolute path, or null when a link loops or cannot be read.</summary>
    public static string? Resolve(string path)
    {
        // Not Path.GetFullPath: it folds "link/.." lexically, where the kernel climbs from the link's target.
        var absolute = Path.IsPathRooted(path) ? path : Path.Join(Directory.GetCurrentDirectory(), path);
        var remaining = new Queue<string>(Split(absolute));
        var current = Path.GetPathRoot(absolute) ?? "/";
        var root = current;
        var hops = 0;
        while (remaining.Count > 0)
        {
            var part = remaining.Dequeue();
            if (part == "..")
            {
                current = Path.GetDirectoryName(current) ?? root;
                continue;
            }

            if (part == ".")
            {
                continue;
            }

            var next = Path.Join(current, part);
            string? target;
            try
            {
                target = new FileInfo(next).LinkTarget;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (target is null)
            {
                current = next;
                continue;
            }

            if (++hops > MaxLinkHops)
            {
                return null;
            }

            // Start over from the link's target followed by what was left, so ".." after a link
            // climbs the physical tree, as the kernel does.
            var resolved = Path.IsPathRooted(target) ? target : Path.Join(current, target);
            remaining = new Queue<string>(Split(resolved).Concat(remaining));
            current = Path.GetPathRoot(resolved) ?? root;
        }

        return current;
    }

    /// <summary>True when <paramref name="path"/> is <paramref name="root"/> or below it (both already resolved).</summary>
    public static bool IsInside(string path, string root)
    {
        var trimmed = Path.TrimEndingDirectorySeparator(root);
        return path.Length > trimmed.Length
            && path.StartsWith(trimmed, StringComparison.Ordinal)
            && (path[trimmed.Length] == Path.DirectorySeparatorChar || trimmed.Length == 1);
    }

    private static string[] Split(string path) =>
        path.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
}
