using Microsoft.Win32.SafeHandles;

namespace HomeTelco.Torrent.Storage;

/// <summary>
/// Open files of one torrent, at most <c>capacity</c> at once, least recently used closed first. A handle in use is
/// leased: eviction only marks it, and the last lease closes it, so a seeding read never finds its handle closed
/// under it. The cache may go over capacity while every handle is leased; it shrinks back as leases end.
/// </summary>
internal sealed class FileHandleCache : IDisposable
{
    private readonly int _capacity;
    private readonly Lock _entriesLock = new();
    private readonly Dictionary<int, Entry> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private bool _disposed;

    public FileHandleCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>Handles open now (leased or idle).</summary>
    public int OpenCount
    {
        get
        {
            lock (_entriesLock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>Handles opened since the cache was made (so tests can see reuse).</summary>
    public int OpenedTotal { get; private set; }

    /// <summary>
    /// A lease on the handle of file <paramref name="fileIndex"/>, opened with <paramref name="open"/> when not cached
    /// (or when a writable handle is wanted and only a read-only one is cached). Null when <paramref name="open"/> returns null.
    /// Opening happens under the lock: it is one open(2), and it keeps two threads from opening the same file twice.
    /// </summary>
    public Lease? Acquire(int fileIndex, bool writable, Func<int, bool, SafeFileHandle?> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        lock (_entriesLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_entries.TryGetValue(fileIndex, out var entry))
            {
                if (!writable || entry.Writable)
                {
                    _recency.Remove(entry.Node);
                    _recency.AddFirst(entry.Node);
                    entry.Users++;
                    return new Lease(this, entry);
                }

                Evict(entry);
            }

            var handle = open(fileIndex, writable);
            if (handle is null)
            {
                return null;
            }

            OpenedTotal++;
            entry = new Entry(fileIndex, handle, writable);
            entry.Node = _recency.AddFirst(entry);
            _entries.Add(fileIndex, entry);
            entry.Users++;
            TrimLocked();
            return new Lease(this, entry);
        }
    }

    /// <summary>The handles open for writing now, leased, for an fsync before resume data is saved.</summary>
    public List<Lease> LeaseWritable()
    {
        lock (_entriesLock)
        {
            var leases = new List<Lease>();
            foreach (var entry in _entries.Values)
            {
                if (entry.Writable)
                {
                    entry.Users++;
                    leases.Add(new Lease(this, entry));
                }
            }

            return leases;
        }
    }

    /// <summary>Closes every idle handle (and the rest as their leases end).</summary>
    public void CloseAll()
    {
        lock (_entriesLock)
        {
            foreach (var entry in _entries.Values.ToList())
            {
                Evict(entry);
            }
        }
    }

    public void Dispose()
    {
        lock (_entriesLock)
        {
            _disposed = true;
        }

        CloseAll();
    }

    private void TrimLocked()
    {
        var node = _recency.Last;
        while (_entries.Count > _capacity && node is not null)
        {
            var previous = node.Previous;
            if (node.Value.Users == 0)
            {
                Evict(node.Value);
            }

            node = previous;
        }
    }

    private void Evict(Entry entry)
    {
        _entries.Remove(entry.FileIndex);
        _recency.Remove(entry.Node);
        entry.Evicted = true;
        if (entry.Users == 0)
        {
            entry.Handle.Dispose();
        }
    }

    private void Release(Entry entry)
    {
        lock (_entriesLock)
        {
            entry.Users--;
            if (entry.Users == 0)
            {
                if (entry.Evicted)
                {
                    entry.Handle.Dispose();
                }
                else
                {
                    TrimLocked();
                }
            }
        }
    }

    internal sealed class Entry(int fileIndex, SafeFileHandle handle, bool writable)
    {
        public int FileIndex { get; } = fileIndex;

        public SafeFileHandle Handle { get; } = handle;

        public bool Writable { get; } = writable;

        public LinkedListNode<Entry> Node { get; set; } = null!;

        public int Users { get; set; }

        public bool Evicted { get; set; }
    }

    /// <summary>Use of one handle; dispose it (once) to give the handle back. A struct: seeding leases one per block read.</summary>
    internal readonly struct Lease : IDisposable
    {
        private readonly FileHandleCache _owner;
        private readonly Entry _entry;

        public Lease(FileHandleCache owner, Entry entry)
        {
            _owner = owner;
            _entry = entry;
        }

        public SafeFileHandle Handle => _entry.Handle;

        public void Dispose() => _owner.Release(_entry);
    }
}
