namespace HomeTelco.Torrent.Storage;

/// <summary>
/// Moves a finished torrent's files from the folder it downloaded into to the folder it belongs in ("move on
/// completion"), so the media library's downloads folder only ever sees whole files. One file at a time with
/// <see cref="File.Move(string, string)"/>: a rename on one file system, a copy and delete across two. It may be run
/// again after a crash: a file gone from the source and present at the target counts as moved.
/// </summary>
internal static class TorrentMover
{
    /// <summary>Moves every stored (non-padding) file of <paramref name="layout"/> from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <exception cref="IOException">A file of the same name is already at the target: nothing is moved or overwritten.</exception>
    /// <exception cref="TorrentPathException">A file name would leave one of the folders.</exception>
    public static void Move(TorrentLayout layout, string from, string to)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var moves = new List<(string Source, string Target)>();
        foreach (var file in layout.Files)
        {
            if (file.IsPadding)
            {
                continue;
            }

            var source = TorrentPaths.Combine(from, file.Path);
            var target = TorrentPaths.Combine(to, file.Path);
            if (!File.Exists(source))
            {
                // Moved before a crash, or never created (a skipped file): nothing to do for it.
                continue;
            }

            if (File.Exists(target))
            {
                // Someone else's file (or a copy cut short by a crash): never overwrite, stay where we are.
                throw new IOException($"{target} already exists, so the finished torrent stays in {Path.GetFullPath(from)}.");
            }

            moves.Add((source, target));
        }

        foreach (var (source, target) in moves)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(source, target);
        }

        RemoveEmptyFolders(layout, from);
    }

    // The folders the torrent made under the source (its name folder, sub-folders), deepest first, if now empty.
    private static void RemoveEmptyFolders(TorrentLayout layout, string from)
    {
        var root = Path.GetFullPath(from);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in layout.Files)
        {
            var folder = Path.GetDirectoryName(TorrentPaths.Combine(root, file.Path));
            while (folder is not null && folder.Length > root.Length && folder.StartsWith(root, StringComparison.Ordinal))
            {
                folders.Add(folder);
                folder = Path.GetDirectoryName(folder);
            }
        }

        foreach (var folder in folders.OrderByDescending(f => f.Length))
        {
            if (Directory.Exists(folder) && !Directory.EnumerateFileSystemEntries(folder).Any())
            {
                Directory.Delete(folder);
            }
        }
    }
}
