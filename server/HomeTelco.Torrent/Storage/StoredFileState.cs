namespace HomeTelco.Torrent.Storage;

/// <summary>A stored file's size and last write time as the disk reports them.</summary>
/// <param name="Exists">Whether the file exists.</param>
/// <param name="Length">Bytes on disk.</param>
/// <param name="LastWriteTicks">Last write time, UTC ticks.</param>
internal readonly record struct StoredFileState(bool Exists, long Length, long LastWriteTicks);
