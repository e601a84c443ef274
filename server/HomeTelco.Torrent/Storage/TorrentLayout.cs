namespace HomeTelco.Torrent.Storage;

/// <summary>
/// How a torrent's bytes lie on disk: pieces of a fixed length laid over a list of files. Built from
/// metainfo (v1, v2 or hybrid); storage, the picker and the wire protocol only ever see this.
/// </summary>
public sealed class TorrentLayout
{
    /// <summary>Requests are made in blocks of this size (BEP 3 practice, and the v2 merkle leaf size).</summary>
    public const int BlockSize = 16 * 1024;

    /// <param name="pieceLength">Bytes per piece (a power of two, at least 16 KiB).</param>
    /// <param name="files">Files in torrent order with their offsets in the torrent's byte space.</param>
    public TorrentLayout(int pieceLength, IReadOnlyList<TorrentFileSpan> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (pieceLength < BlockSize || (pieceLength & (pieceLength - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(pieceLength), pieceLength, "A piece length must be a power of two of at least 16 KiB.");
        }

        long end = 0;
        foreach (var file in files)
        {
            if (file.Offset < end || file.Length < 0)
            {
                throw new ArgumentException("Files must be in order, without overlap, with non-negative lengths.", nameof(files));
            }

            end = file.Offset + file.Length;
        }

        PieceLength = pieceLength;
        Files = files;
        TotalLength = end;
        PieceCount = (int)((end + pieceLength - 1) / pieceLength);
    }

    /// <summary>Bytes per piece (the last piece may be shorter).</summary>
    public int PieceLength { get; }

    /// <summary>Files in torrent order, including BEP 47 padding files (which are never written).</summary>
    public IReadOnlyList<TorrentFileSpan> Files { get; }

    /// <summary>Length of the torrent's byte space: end of the last file.</summary>
    public long TotalLength { get; }

    /// <summary>Number of pieces.</summary>
    public int PieceCount { get; }

    /// <summary>Length of piece <paramref name="piece"/>: <see cref="PieceLength"/> except possibly the last.</summary>
    public int PieceSize(int piece)
    {
        if ((uint)piece >= (uint)PieceCount)
        {
            throw new ArgumentOutOfRangeException(nameof(piece), piece, $"Piece index must be below {PieceCount}.");
        }

        var start = (long)piece * PieceLength;
        return (int)Math.Min(PieceLength, TotalLength - start);
    }

    /// <summary>Number of 16 KiB blocks in piece <paramref name="piece"/>.</summary>
    public int BlockCount(int piece) => (PieceSize(piece) + BlockSize - 1) / BlockSize;
}

/// <summary>One file of a torrent.</summary>
/// <param name="Path">Relative path inside the torrent's folder, with '/' separators, already checked to stay inside it.</param>
/// <param name="Length">Bytes.</param>
/// <param name="Offset">Where the file starts in the torrent's byte space (v2 aligns files to pieces; gaps are allowed).</param>
/// <param name="IsPadding">A BEP 47 padding file: zeros that are hashed but never stored.</param>
public sealed record TorrentFileSpan(string Path, long Length, long Offset, bool IsPadding = false);
