namespace HomeTelco.Torrent.Storage;

/// <summary>
/// One run of a block that lies in one file (or in a padding file or a gap between files, which are never stored).
/// </summary>
/// <param name="FileIndex">Index into <see cref="TorrentLayout.Files"/>, or -1 for a gap between files.</param>
/// <param name="FileOffset">Where the run starts inside the file.</param>
/// <param name="Length">Bytes in the run.</param>
/// <param name="BufferOffset">Where the run starts inside the caller's buffer.</param>
/// <param name="IsStored">False for padding files and gaps: their bytes are zeros that are hashed but never written.</param>
internal readonly record struct FileSlice(int FileIndex, long FileOffset, int Length, int BufferOffset, bool IsStored);
