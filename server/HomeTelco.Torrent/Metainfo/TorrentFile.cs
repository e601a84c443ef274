namespace HomeTelco.Torrent.Metainfo;

/// <summary>One file as the metainfo describes it.</summary>
/// <param name="Path">Relative path with '/' separators, starting with the torrent's name for multi-file torrents; checked to stay inside the download folder.</param>
/// <param name="Length">Bytes.</param>
/// <param name="Offset">Where the file starts in the torrent's byte space.</param>
/// <param name="Attributes">BEP 47 "attr" letters: 'p' padding, 'x' executable, 'h' hidden, 'l' symlink; empty when none.</param>
/// <param name="PiecesRoot">v2: the SHA-256 merkle root of the file's 16 KiB blocks (empty for v1 files and empty files).</param>
public sealed record TorrentFile(string Path, long Length, long Offset, string Attributes, ReadOnlyMemory<byte> PiecesRoot)
{
    /// <summary>A BEP 47 padding file: zeros that keep the next file piece-aligned; hashed, never stored.</summary>
    public bool IsPadding => Attributes.Contains('p', StringComparison.Ordinal);

    /// <summary>BEP 47 executable bit.</summary>
    public bool IsExecutable => Attributes.Contains('x', StringComparison.Ordinal);

    /// <summary>BEP 47 hidden attribute.</summary>
    public bool IsHidden => Attributes.Contains('h', StringComparison.Ordinal);
}
