using System.Numerics;
using HomeTelco.Torrent.Bencoding;
using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Metainfo;

/// <summary>
/// Reads and validates an info dictionary: v1 (BEP 3 single or multi-file, BEP 47 attributes), v2 (BEP 52 file
/// tree, piece layers from outside the info dictionary) or both (hybrid, which must agree), and builds the
/// layout and the piece verifier from it. Everything a hostile torrent could use to escape its folder, overflow
/// arithmetic or exhaust memory is refused here with a message for the user.
/// </summary>
internal static class InfoDictionaryReader
{
    public sealed record Contents(
        TorrentVersion Version,
        string Name,
        int PieceLength,
        bool IsPrivate,
        IReadOnlyList<TorrentFile> Files,
        TorrentLayout Layout,
        IPieceVerifier Verifier,
        bool HasAllPieceLayers);

    /// <param name="info">The info dictionary.</param>
    /// <param name="pieceLayers">The torrent's "piece layers" (v2), or null when unknown (after a magnet).</param>
    public static Contents Read(BDictionary info, BDictionary? pieceLayers)
    {
        if (!info.TryGet<BString>("name", out var name))
        {
            throw new MetainfoException("The torrent has no name.");
        }

        if (TorrentPaths.Problem(name.Bytes.Span) is { } problem)
        {
            throw new MetainfoException($"The torrent's name '{TorrentPaths.Printable(name.Text)}' cannot be a file or folder name: {problem}.");
        }

        var pieceLength = PieceLength(info);
        var isPrivate = info.TryGet<BInteger>("private", out var flag) && flag.Value == 1;
        var hasV2 = IsV2(info);
        var hasV1 = info["pieces"] is not null;
        if (!hasV1 && !hasV2)
        {
            throw new MetainfoException("The torrent has neither v1 piece hashes nor a v2 file tree.");
        }

        var v2 = hasV2 ? ReadV2(info, name, pieceLength, pieceLayers) : null;
        if (!hasV1)
        {
            CheckDistinctPaths(v2!.Files);
            return new Contents(TorrentVersion.V2, name.Text, pieceLength, isPrivate, v2.Files, Layout(pieceLength, v2.Files), v2.Verifier, v2.Verifier.HasAllPieceLayers);
        }

        var v1Files = ReadV1Files(info, name);
        var layout = Layout(pieceLength, v1Files);
        if (!info.TryGet<BString>("pieces", out var pieces) || pieces.Bytes.Length % 20 != 0)
        {
            throw new MetainfoException("The torrent's piece hashes are not a whole number of 20-byte SHA-1 hashes.");
        }

        if (pieces.Bytes.Length / 20 != layout.PieceCount)
        {
            throw new MetainfoException(
                $"The torrent has {pieces.Bytes.Length / 20} piece hashes but its {layout.TotalLength} bytes make {layout.PieceCount} pieces of {pieceLength} bytes.");
        }

        var verifier = new Sha1PieceVerifier(pieces.Bytes);
        if (v2 is null)
        {
            CheckDistinctPaths(v1Files);
            return new Contents(TorrentVersion.V1, name.Text, pieceLength, isPrivate, v1Files, layout, verifier, HasAllPieceLayers: true);
        }

        var merged = MergeHybrid(v1Files, v2.Files);
        CheckDistinctPaths(merged);
        return new Contents(TorrentVersion.Hybrid, name.Text, pieceLength, isPrivate, merged, layout, verifier, v2.Verifier.HasAllPieceLayers);
    }

    private static int PieceLength(BDictionary info)
    {
        if (!info.TryGet<BInteger>("piece length", out var value))
        {
            throw new MetainfoException("The torrent has no piece length.");
        }

        if (value.Value is < MetainfoLimits.MinPieceLength or > MetainfoLimits.MaxPieceLength || !BitOperations.IsPow2(value.Value))
        {
            throw new MetainfoException(
                $"The torrent's piece length {value.Value} is not a power of two between {MetainfoLimits.MinPieceLength / 1024} KiB and {MetainfoLimits.MaxPieceLength / (1024 * 1024)} MiB.");
        }

        return (int)value.Value;
    }

    private static bool IsV2(BDictionary info)
    {
        var version = info["meta version"];
        if (version is null)
        {
            return info["file tree"] is null
                ? false
                : throw new MetainfoException("The torrent has a v2 file tree but no \"meta version\".");
        }

        if (version is not BInteger { Value: 2 })
        {
            throw new MetainfoException($"The torrent uses metainfo version {version}, which this box does not know (only 1 and 2 exist).");
        }

        return true;
    }

    private static List<TorrentFile> ReadV1Files(BDictionary info, BString name)
    {
        var files = new List<TorrentFile>();
        var hasLength = info["length"] is not null;
        if (info.TryGet<BList>("files", out var list))
        {
            if (hasLength)
            {
                throw new MetainfoException("The torrent says it is both a single file and a folder of files.");
            }

            if (list.Count == 0)
            {
                throw new MetainfoException("The torrent's file list is empty.");
            }

            if (list.Count > MetainfoLimits.MaxFiles)
            {
                throw new MetainfoException($"The torrent has more than {MetainfoLimits.MaxFiles} files.");
            }

            long offset = 0;
            for (var i = 0; i < list.Count; i++)
            {
                var what = $"file {i + 1}";
                if (list.Items[i] is not BDictionary entry
                    || !entry.TryGet<BInteger>("length", out var length)
                    || length.Value < 0
                    || !entry.TryGet<BList>("path", out var path))
                {
                    throw new MetainfoException($"The torrent's {what} has no valid length and path.");
                }

                var components = new List<BString>(path.Count + 1) { name };
                foreach (var component in path.Items)
                {
                    components.Add(component as BString ?? throw new MetainfoException($"The torrent's {what} has a path part that is not text."));
                }

                if (components.Count == 1)
                {
                    throw new MetainfoException($"The torrent's {what} has an empty path.");
                }

                var attributes = entry.TryGet<BString>("attr", out var attr) ? attr.Text : "";
                files.Add(new TorrentFile(TorrentPaths.Build(components, what), length.Value, offset, attributes, ReadOnlyMemory<byte>.Empty));
                offset = AddLength(offset, length.Value);
            }
        }
        else if (info.TryGet<BInteger>("length", out var length) && length.Value >= 0)
        {
            AddLength(0, length.Value);
            var attributes = info.TryGet<BString>("attr", out var attr) ? attr.Text : "";
            files.Add(new TorrentFile(TorrentPaths.Build([name], "name"), length.Value, 0, attributes, ReadOnlyMemory<byte>.Empty));
        }
        else
        {
            throw new MetainfoException("The torrent has neither a length nor a file list.");
        }

        return files;
    }

    private sealed record V2Result(List<TorrentFile> Files, MerklePieceVerifier Verifier);

    private static V2Result ReadV2(BDictionary info, BString name, int pieceLength, BDictionary? pieceLayers)
    {
        if (!info.TryGet<BDictionary>("file tree", out var tree))
        {
            throw new MetainfoException("The v2 torrent has no file tree.");
        }

        var entries = FileTreeReader.Read(tree);

        // A single file at the top of the tree is a single-file torrent: no folder named after the torrent.
        var single = entries.Count == 1 && entries[0].Components.Count == 1;
        var files = new List<TorrentFile>(entries.Count);
        var hashes = new List<MerklePieceVerifier.FileHashes>();
        long cursor = 0;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var what = $"file {i + 1}";
            var path = single ? TorrentPaths.Build(entry.Components, what) : TorrentPaths.Build([name, .. entry.Components], what);
            if (entry.Length > 0)
            {
                // BEP 52: every file starts on a piece boundary.
                cursor = AddLength(cursor, (pieceLength - (cursor % pieceLength)) % pieceLength);
                if ((AddLength(cursor, entry.Length) + pieceLength - 1) / pieceLength > MetainfoLimits.MaxPieces)
                {
                    throw new MetainfoException($"The torrent has more than {MetainfoLimits.MaxPieces} pieces.");
                }

                var firstPiece = (int)(cursor / pieceLength);
                var pieceCount = (int)((entry.Length + pieceLength - 1) / pieceLength);
                var layer = PieceLayer(pieceLayers, entry, pieceLength, pieceCount, what, path);
                hashes.Add(new MerklePieceVerifier.FileHashes(firstPiece, pieceCount, entry.Length, entry.PiecesRoot, layer));
            }

            files.Add(new TorrentFile(path, entry.Length, cursor, entry.Attributes, entry.PiecesRoot));
            cursor = AddLength(cursor, entry.Length);
        }

        return new V2Result(files, new MerklePieceVerifier(pieceLength, hashes));
    }

    // The layer of a file larger than one piece must be present in a .torrent and must hash up to the file's root.
    private static ReadOnlyMemory<byte>? PieceLayer(BDictionary? pieceLayers, FileTreeReader.Entry entry, int pieceLength, int pieceCount, string what, string path)
    {
        if (pieceCount <= 1 || pieceLayers is null)
        {
            return null;
        }

        if (pieceLayers.Find(entry.PiecesRoot.Span) is not BString layer)
        {
            throw new MetainfoException($"The torrent's {what} ('{TorrentPaths.Printable(path)}') has no piece layer, so its pieces cannot be checked.");
        }

        if (layer.Bytes.Length != pieceCount * 32L)
        {
            throw new MetainfoException($"The torrent's piece layer for {what} has {layer.Bytes.Length} bytes; {pieceCount} pieces need {pieceCount * 32L}.");
        }

        Span<byte> root = stackalloc byte[32];
        MerklePieceVerifier.LayerRoot(layer.Bytes.Span, pieceLength, root);
        if (!root.SequenceEqual(entry.PiecesRoot.Span))
        {
            throw new MetainfoException($"The torrent's piece layer for {what} ('{TorrentPaths.Printable(path)}') does not match the file's pieces root.");
        }

        return layer.Bytes.ToArray();
    }

    // A hybrid torrent describes the same bytes twice; if the two disagree, peers on one protocol would
    // download something else than peers on the other, so refuse it (as libtorrent does).
    private static List<TorrentFile> MergeHybrid(List<TorrentFile> v1, List<TorrentFile> v2)
    {
        var merged = new List<TorrentFile>(v1.Count);
        var next = 0;
        foreach (var file in v1)
        {
            if (file.IsPadding)
            {
                merged.Add(file);
                continue;
            }

            if (next >= v2.Count)
            {
                throw new MetainfoException($"The torrent's v1 file list has more files than its v2 file tree ({v2.Count}).");
            }

            var other = v2[next++];
            if (!string.Equals(file.Path, other.Path, StringComparison.Ordinal)
                || file.Length != other.Length
                || (file.Length > 0 && file.Offset != other.Offset))
            {
                throw new MetainfoException(
                    $"The torrent's v1 and v2 descriptions disagree about file {next} ('{TorrentPaths.Printable(file.Path)}' of {file.Length} bytes at {file.Offset} against '{TorrentPaths.Printable(other.Path)}' of {other.Length} bytes at {other.Offset}).");
            }

            merged.Add(file with { PiecesRoot = other.PiecesRoot });
        }

        if (next != v2.Count)
        {
            throw new MetainfoException($"The torrent's v2 file tree has {v2.Count} files but its v1 file list only {next}.");
        }

        return merged;
    }

    // Two files with one path, or a file where another needs a folder, would overwrite each other.
    private static void CheckDistinctPaths(IReadOnlyList<TorrentFile> files)
    {
        var filePaths = new HashSet<string>(StringComparer.Ordinal);
        var folders = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (file.IsPadding)
            {
                continue;
            }

            if (filePaths.Contains(file.Path) || folders.Contains(file.Path))
            {
                throw new MetainfoException($"The torrent names '{TorrentPaths.Printable(file.Path)}' twice, so one file would overwrite the other.");
            }

            for (var slash = file.Path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = file.Path.IndexOf('/', slash + 1))
            {
                var folder = file.Path[..slash];
                if (filePaths.Contains(folder))
                {
                    throw new MetainfoException($"The torrent names '{TorrentPaths.Printable(folder)}' both as a file and as a folder.");
                }

                folders.Add(folder);
            }

            filePaths.Add(file.Path);
        }
    }

    private static TorrentLayout Layout(int pieceLength, List<TorrentFile> files)
    {
        var spans = new List<TorrentFileSpan>(files.Count);
        foreach (var file in files)
        {
            spans.Add(new TorrentFileSpan(file.Path, file.Length, file.Offset, file.IsPadding));
        }

        // Checked before TorrentLayout counts pieces in an int.
        var end = files.Count == 0 ? 0 : files.Max(f => f.Offset + f.Length);
        if ((end + pieceLength - 1) / pieceLength > MetainfoLimits.MaxPieces)
        {
            throw new MetainfoException($"The torrent has more than {MetainfoLimits.MaxPieces} pieces.");
        }

        var layout = new TorrentLayout(pieceLength, spans);
        if (layout.TotalLength == 0)
        {
            throw new MetainfoException("The torrent holds no data: every file is empty.");
        }

        return layout;
    }

    private static long AddLength(long offset, long length)
    {
        if (length > MetainfoLimits.MaxTotalLength - offset)
        {
            throw new MetainfoException($"The torrent is larger than {MetainfoLimits.MaxTotalLength >> 40} TiB.");
        }

        return offset + length;
    }
}
