using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Metainfo;

/// <summary>
/// Walks a BEP 52 "file tree": nested dictionaries keyed by path components, where the empty key holds a
/// file's attributes ("length", "pieces root", "attr"). Files come out in tree order (keys sorted), which is
/// also their order in the torrent's byte space.
/// </summary>
internal static class FileTreeReader
{
    public sealed record Entry(IReadOnlyList<BString> Components, long Length, ReadOnlyMemory<byte> PiecesRoot, string Attributes);

    public static List<Entry> Read(BDictionary tree)
    {
        var files = new List<Entry>();
        var path = new List<BString>();
        Walk(tree, path, files);
        if (files.Count == 0)
        {
            throw new MetainfoException("The torrent's file tree has no files.");
        }

        return files;
    }

    private static void Walk(BDictionary directory, List<BString> path, List<Entry> files)
    {
        if (path.Count > TorrentPaths.MaxDepth)
        {
            throw new MetainfoException($"The torrent's file tree is nested more than {TorrentPaths.MaxDepth} folders deep.");
        }

        foreach (var (key, value) in directory.Entries)
        {
            if (value is not BDictionary node)
            {
                throw new MetainfoException($"The torrent's file tree has an entry '{Show(path, key)}' that is neither a file nor a folder.");
            }

            if (key.Bytes.Length == 0)
            {
                // Attributes at the root of the tree would describe a file without a name.
                throw new MetainfoException(path.Count == 0
                    ? "The torrent's file tree describes a file with no name."
                    : $"The torrent's file tree entry '{Show(path, null)}' is both a file and a folder.");
            }

            path.Add(key);
            if (node.TryGet<BDictionary>("", out var attributes))
            {
                if (node.Count != 1)
                {
                    throw new MetainfoException($"The torrent's file tree entry '{Show(path, null)}' is both a file and a folder.");
                }

                if (files.Count >= MetainfoLimits.MaxFiles)
                {
                    throw new MetainfoException($"The torrent has more than {MetainfoLimits.MaxFiles} files.");
                }

                files.Add(File(attributes, path));
            }
            else
            {
                Walk(node, path, files);
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    private static Entry File(BDictionary attributes, List<BString> path)
    {
        if (!attributes.TryGet<BInteger>("length", out var length) || length.Value < 0)
        {
            throw new MetainfoException($"The torrent's file '{Show(path, null)}' has no valid length.");
        }

        var root = ReadOnlyMemory<byte>.Empty;
        if (length.Value > 0)
        {
            if (!attributes.TryGet<BString>("pieces root", out var piecesRoot) || piecesRoot.Bytes.Length != 32)
            {
                throw new MetainfoException($"The torrent's file '{Show(path, null)}' has no valid 32-byte pieces root.");
            }

            root = piecesRoot.Bytes.ToArray();
        }

        var attr = attributes.TryGet<BString>("attr", out var text) ? text.Text : "";
        return new Entry([.. path], length.Value, root, attr);
    }

    private static string Show(List<BString> path, BString? last)
    {
        var parts = path.Select(p => p.Text);
        if (last is not null)
        {
            parts = parts.Append(last.Text);
        }

        return TorrentPaths.Printable(string.Join('/', parts));
    }
}
