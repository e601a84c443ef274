namespace HomeTelco.Torrent.Storage;

/// <summary>
/// Keeps every file a torrent names inside the torrent's folder. Metainfo already checks the names; storage checks
/// again because it is the last line before the disk: lexically (no absolute paths, no "." or ".." segments), and
/// physically when a file is opened (every symlink on the way is resolved and must stay inside the folder).
/// </summary>
internal static class TorrentPaths
{
    /// <summary>Symlink hops followed before giving up (Linux's own limit is 40).</summary>
    private const int MaxLinkHops = 40;

    /// <summary>The full path of <paramref name="relative"/> ('/'-separated) under <paramref name="root"/> (a full path).</summary>
    /// <exception cref="TorrentPathException">The name is empty, absolute, or has an empty, "." or ".." segment.</exception>
    public static string Combine(string root, string relative)
    {
        if (string.IsNullOrEmpty(relative) || relative[0] == '/' || relative.Contains('\0', StringComparison.Ordinal) || relative.Contains('\\', StringComparison.Ordinal))
        {
            throw new TorrentPathException($"The file name '{relative}' is not a relative path.");
        }

        foreach (var segment in relative.Split('/'))
        {
            if (segment.Length == 0 || segment == "." || segment == "..")
            {
                throw new TorrentPathException($"The file name '{relative}' has an empty, '.' or '..' segment.");
            }
        }

        var full = Path.GetFullPath(Path.Combine(root, relative));
        if (!IsInside(root, full))
        {
            throw new TorrentPathException($"The file name '{relative}' leads outside the torrent's folder.");
        }

        return full;
    }

    /// <summary>
    /// Refuses <paramref name="full"/> when, with every symlink resolved, it is not inside <paramref name="realRoot"/>
    /// (the root's own real path, from <see cref="RealPath"/>).
    /// </summary>
    public static void EnsureStaysInside(string realRoot, string full)
    {
        string real;
        try
        {
            real = RealPath(full);
        }
        catch (IOException ex)
        {
            throw new TorrentPathException($"The path {full} cannot be resolved: {ex.Message}", ex);
        }

        if (!IsInside(realRoot, real))
        {
            throw new TorrentPathException($"The path {full} resolves to {real}, outside the torrent's folder {realRoot}.");
        }
    }

    /// <summary>
    /// Like realpath(3) but tolerant of a missing tail: every existing component is resolved through its symlinks,
    /// the rest is appended as written.
    /// </summary>
    public static string RealPath(string path)
    {
        var pending = new Stack<string>(Enumerable.Reverse(Path.GetFullPath(path).Split('/', StringSplitOptions.RemoveEmptyEntries)));
        var current = "/";
        var hops = 0;
        var missing = false;
        while (pending.Count > 0)
        {
            var next = Path.Combine(current, pending.Pop());
            if (!missing)
            {
                var info = new FileInfo(next);
                if (info.LinkTarget is { } target)
                {
                    if (++hops > MaxLinkHops)
                    {
                        throw new IOException("Too many levels of symbolic links.");
                    }

                    // Resolve the target afresh from the top: it may itself contain links.
                    var resolved = Path.GetFullPath(target, current);
                    foreach (var part in Enumerable.Reverse(resolved.Split('/', StringSplitOptions.RemoveEmptyEntries)))
                    {
                        pending.Push(part);
                    }

                    current = "/";
                    continue;
                }

                missing = !info.Exists && !Directory.Exists(next);
            }

            current = next;
        }

        return current;
    }

    private static bool IsInside(string root, string full)
    {
        var prefix = root.EndsWith('/') ? root : root + "/";
        return full.StartsWith(prefix, StringComparison.Ordinal);
    }
}
