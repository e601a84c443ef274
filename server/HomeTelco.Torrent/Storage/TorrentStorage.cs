using Microsoft.Win32.SafeHandles;

namespace HomeTelco.Torrent.Storage;

/// <summary>
/// A torrent's files in its download folder. Blocks are read and written with pread/pwrite
/// (<see cref="RandomAccess"/>) through a bounded handle cache; never memory-mapped, so the page cache stays the
/// kernel's to reclaim and a 512 MB box's RSS does not balloon with the torrent's size. Folders and sparse files
/// are made on the first write to a file; padding files and gaps are never written and read back as zeros.
/// Thread-safe: reads and writes of different blocks may run at once.
/// </summary>
internal sealed class TorrentStorage : IDisposable
{
    private readonly TorrentLayout _layout;
    private readonly string[] _paths;
    private readonly FileHandleCache _handles;
    private readonly Func<int, bool, SafeFileHandle?> _open;
    private string? _realRoot;

    /// <param name="layout">How pieces lie over files.</param>
    /// <param name="folder">The torrent's folder: every file lives under it.</param>
    /// <param name="maxOpenFiles">Handles kept open at once (32 on a PC, fewer on a router).</param>
    /// <exception cref="TorrentPathException">A file name would leave <paramref name="folder"/>.</exception>
    public TorrentStorage(TorrentLayout layout, string folder, int maxOpenFiles = 32)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentException.ThrowIfNullOrEmpty(folder);
        _layout = layout;
        Folder = Path.GetFullPath(folder);
        _paths = new string[layout.Files.Count];
        for (var i = 0; i < _paths.Length; i++)
        {
            // Padding files are never opened, but a hostile name is refused all the same.
            _paths[i] = TorrentPaths.Combine(Folder, layout.Files[i].Path);
        }

        _handles = new FileHandleCache(maxOpenFiles);
        _open = Open;
    }

    /// <summary>The torrent's folder (full path).</summary>
    public string Folder { get; }

    /// <summary>The layout this storage serves.</summary>
    public TorrentLayout Layout => _layout;

    /// <summary>Handles open now.</summary>
    public int OpenFileCount => _handles.OpenCount;

    /// <summary>Handles opened since start.</summary>
    public int FilesOpenedTotal => _handles.OpenedTotal;

    /// <summary>Full path of file <paramref name="fileIndex"/>.</summary>
    public string PathOf(int fileIndex) => _paths[fileIndex];

    /// <summary>Writes <paramref name="data"/> at <paramref name="offset"/> in <paramref name="piece"/>, skipping padding.</summary>
    public void Write(int piece, int offset, ReadOnlySpan<byte> data)
    {
        foreach (var slice in PieceMap.Slices(_layout, piece, offset, data.Length))
        {
            if (!slice.IsStored)
            {
                continue;
            }

            using var lease = Lease(slice.FileIndex, writable: true)!.Value;
            RandomAccess.Write(lease.Handle, data.Slice(slice.BufferOffset, slice.Length), slice.FileOffset);
        }
    }

    /// <summary>Like <see cref="Write"/>, off the caller's thread (the runtime does the pwrite on the thread pool).</summary>
    public async ValueTask WriteAsync(int piece, int offset, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        foreach (var slice in PieceMap.Slices(_layout, piece, offset, data.Length))
        {
            if (!slice.IsStored)
            {
                continue;
            }

            var lease = Lease(slice.FileIndex, writable: true)!.Value;
            try
            {
                await RandomAccess.WriteAsync(lease.Handle, data.Slice(slice.BufferOffset, slice.Length), slice.FileOffset, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                lease.Dispose();
            }
        }
    }

    /// <summary>
    /// Reads <paramref name="destination"/>.Length bytes at <paramref name="offset"/> in <paramref name="piece"/>;
    /// padding and gaps read as zeros. False when a file is missing or too short to hold the range (nothing was ever
    /// written there, or someone truncated it): the caller treats the piece as absent.
    /// </summary>
    public bool TryRead(int piece, int offset, Span<byte> destination)
    {
        foreach (var slice in PieceMap.Slices(_layout, piece, offset, destination.Length))
        {
            var target = destination.Slice(slice.BufferOffset, slice.Length);
            if (!slice.IsStored)
            {
                target.Clear();
                continue;
            }

            if (Lease(slice.FileIndex, writable: false) is not { } lease)
            {
                return false;
            }

            using (lease)
            {
                var done = 0;
                while (done < target.Length)
                {
                    var read = RandomAccess.Read(lease.Handle, target[done..], slice.FileOffset + done);
                    if (read == 0)
                    {
                        return false;
                    }

                    done += read;
                }
            }
        }

        return true;
    }

    /// <summary>Creates the torrent's zero-length files, which no block ever writes.</summary>
    public void CreateEmptyFiles()
    {
        for (var i = 0; i < _paths.Length; i++)
        {
            var file = _layout.Files[i];
            if (file.Length == 0 && !file.IsPadding && !File.Exists(_paths[i]))
            {
                using var lease = Lease(i, writable: true)!.Value;
            }
        }
    }

    /// <summary>
    /// Forces written data to the disk (fsync) for every file open for writing, so that resume data saved after this
    /// never claims a piece whose bytes a power cut could still lose.
    /// </summary>
    public void Flush()
    {
        foreach (var lease in _handles.LeaseWritable())
        {
            using (lease)
            {
                RandomAccess.FlushToDisk(lease.Handle);
            }
        }
    }

    /// <summary>Size and last write time of every stored file as the disk has them now (for resume data).</summary>
    public StoredFileState[] StatFiles()
    {
        var states = new StoredFileState[_paths.Length];
        for (var i = 0; i < _paths.Length; i++)
        {
            var info = new FileInfo(_paths[i]);
            states[i] = info.Exists && !_layout.Files[i].IsPadding
                ? new StoredFileState(true, info.Length, info.LastWriteTimeUtc.Ticks)
                : new StoredFileState(false, 0, 0);
        }

        return states;
    }

    /// <summary>Closes every open file (they reopen on demand).</summary>
    public void CloseFiles() => _handles.CloseAll();

    public void Dispose() => _handles.Dispose();

    private FileHandleCache.Lease? Lease(int fileIndex, bool writable) =>
        _handles.Acquire(fileIndex, writable, _open);

    private SafeFileHandle? Open(int fileIndex, bool writable)
    {
        _realRoot ??= TorrentPaths.RealPath(Folder);
        var path = _paths[fileIndex];
        if (writable)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        }

        // Checked after the folders exist, so a symlinked folder on the way is resolved too.
        TorrentPaths.EnsureStaysInside(_realRoot, path);
        if (!writable && !File.Exists(path))
        {
            return null;
        }

        var handle = File.OpenHandle(path, writable ? FileMode.OpenOrCreate : FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read, FileShare.ReadWrite);
        if (writable)
        {
            try
            {
                var length = _layout.Files[fileIndex].Length;
                if (RandomAccess.GetLength(handle) != length)
                {
                    // ftruncate: the file gets its final size at once without allocating blocks (sparse).
                    RandomAccess.SetLength(handle, length);
                }
            }
            catch
            {
                handle.Dispose();
                throw;
            }
        }

        return handle;
    }
}
