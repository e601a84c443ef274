using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.WebSeeds;

/// <summary>Maps runs of torrent bytes onto the files a web seed serves (a piece may span several files).</summary>
internal static class WebSeedRanges
{
    /// <summary>
    /// Adds to <paramref name="into"/> the ranges that make up torrent bytes [<paramref name="start"/>,
    /// <paramref name="start"/> + <paramref name="length"/>), in order: one per file touched, zeros for padding files
    /// and gaps; empty files are skipped. The bytes must lie inside the layout.
    /// </summary>
    public static void Map(TorrentLayout layout, long start, long length, List<WebSeedRange> into)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(into);
        if (start < 0 || length <= 0 || start + length > layout.TotalLength)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Bytes {start}+{length} are not inside the torrent's {layout.TotalLength}.");
        }

        var files = layout.Files;
        var position = start;
        var end = start + length;
        for (var f = FirstFileEndingAfter(files, position); f < files.Count && position < end; f++)
        {
            var file = files[f];
            if (file.Length == 0)
            {
                continue;
            }

            if (file.Offset > position)
            {
                // A gap before this file (v2 aligns files to pieces): zeros, like padding.
                var gap = Math.Min(file.Offset, end) - position;
                Add(into, new WebSeedRange(-1, 0, gap));
                position += gap;
                if (position >= end)
                {
                    break;
                }
            }

            var take = Math.Min(file.Offset + file.Length, end) - position;
            Add(into, new WebSeedRange(file.IsPadding ? -1 : f, file.IsPadding ? 0 : position - file.Offset, take));
            position += take;
        }

        if (position < end)
        {
            Add(into, new WebSeedRange(-1, 0, end - position));
        }
    }

    // Binary search: files are in order without overlap, so their ends ascend.
    private static int FirstFileEndingAfter(IReadOnlyList<TorrentFileSpan> files, long position)
    {
        int low = 0, high = files.Count;
        while (low < high)
        {
            var middle = (low + high) >>> 1;
            if (files[middle].Offset + files[middle].Length <= position)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low;
    }

    // Neighbouring zero ranges (padding right after a gap) are merged: fewer entries, the same bytes.
    private static void Add(List<WebSeedRange> into, WebSeedRange range)
    {
        if (range.IsZeros && into.Count > 0 && into[^1].IsZeros)
        {
            into[^1] = into[^1] with { Length = into[^1].Length + range.Length };
            return;
        }

        into.Add(range);
    }
}
