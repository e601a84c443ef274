using HomeTelco.Media.Catalog;

namespace HomeTelco.Media.Scanning;

/// <summary>
/// Lists the media files below a library root: hidden entries and unreadable folders skipped,
/// symbolic links followed only when their target stays inside the root, each real folder visited
/// once (no loops), and bounded in depth and count.
/// </summary>
internal static class LibraryWalker
{
    public const int MaxDepth = 32;

    private static readonly EnumerationOptions OneLevel = new()
    {
        RecurseSubdirectories = false,
        IgnoreInaccessible = true,
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        ReturnSpecialDirectories = false,
    };

    /// <summary>The files found, at most <paramref name="maxFiles"/>; <paramref name="truncated"/> says whether more were left.</summary>
    public static List<FoundFile> Walk(string root, int maxFiles, Action<int>? onFound, out bool truncated, CancellationToken cancellationToken)
    {
        truncated = false;
        var found = new List<FoundFile>();
        var realRoot = RealPath.Resolve(root);
        if (realRoot is null || !Directory.Exists(realRoot))
        {
            return found;
        }

        var visited = new HashSet<string>(StringComparer.Ordinal) { realRoot };
        var pending = new Stack<(string Real, string Relative, int Depth)>();
        pending.Push((realRoot, "", 0));
        while (pending.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (folder, relative, depth) = pending.Pop();
            IEnumerable<FileSystemInfo> entries;
            try
            {
                entries = new DirectoryInfo(folder).EnumerateFileSystemInfos("*", OneLevel).ToList();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var entry in entries)
            {
                if (entry.Name.StartsWith('.'))
                {
                    continue;
                }

                var entryRelative = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                var real = entry.FullName;
                if (entry.LinkTarget is not null)
                {
                    real = RealPath.Resolve(entry.FullName) ?? "";
                    if (real.Length == 0 || !RealPath.IsInside(real, realRoot))
                    {
                        continue;
                    }
                }

                if (Directory.Exists(real))
                {
                    if (depth + 1 < MaxDepth && visited.Add(real))
                    {
                        pending.Push((real, entryRelative, depth + 1));
                    }

                    continue;
                }

                if (!MediaExtensions.IsMedia(entry.Name))
                {
                    continue;
                }

                var info = new FileInfo(real);
                if (!info.Exists)
                {
                    continue;
                }

                if (found.Count >= maxFiles)
                {
                    truncated = true;
                    return found;
                }

                found.Add(new FoundFile(entryRelative, real, info.Length, info.LastWriteTimeUtc.Ticks));
                onFound?.Invoke(found.Count);
            }
        }

        return found;
    }
}
