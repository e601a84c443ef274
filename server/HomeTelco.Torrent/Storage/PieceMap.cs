namespace HomeTelco.Torrent.Storage;

/// <summary>Maps (piece, offset, length) in a torrent to runs in its files.</summary>
internal static class PieceMap
{
    /// <summary>The file runs of <paramref name="length"/> bytes at <paramref name="offset"/> in <paramref name="piece"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The range does not lie inside the piece.</exception>
    public static FileSliceEnumerator Slices(TorrentLayout layout, int piece, int offset, int length)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var size = layout.PieceSize(piece);
        if (offset < 0 || length < 0 || offset > size - length)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, $"Bytes {offset}+{length} are outside piece {piece} of {size} bytes.");
        }

        return new FileSliceEnumerator(layout, ((long)piece * layout.PieceLength) + offset, length);
    }

    /// <summary>The pieces file <paramref name="fileIndex"/> touches, as [first, last]; empty (first &gt; last) for a zero-length file.</summary>
    public static (int First, int Last) PiecesOf(TorrentLayout layout, int fileIndex)
    {
        ArgumentNullException.ThrowIfNull(layout);
        var file = layout.Files[fileIndex];
        if (file.Length == 0)
        {
            return (0, -1);
        }

        return ((int)(file.Offset / layout.PieceLength), (int)((file.Offset + file.Length - 1) / layout.PieceLength));
    }
}
