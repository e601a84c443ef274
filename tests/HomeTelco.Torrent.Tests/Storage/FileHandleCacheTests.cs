using HomeTelco.Torrent.Storage;
using Microsoft.Win32.SafeHandles;

namespace HomeTelco.Torrent.Tests.Storage;

public sealed class FileHandleCacheTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly List<int> _opened = [];

    public void Dispose() => _folder.Dispose();

    private SafeFileHandle? Open(int index, bool writable)
    {
        _opened.Add(index);
        return File.OpenHandle(_folder.File($"f{index}"), FileMode.OpenOrCreate, FileAccess.ReadWrite);
    }

    [Fact]
    public void Acquire_BeyondCapacity_ClosesTheLeastRecentlyUsed()
    {
        using var cache = new FileHandleCache(2);
        cache.Acquire(0, true, Open)!.Value.Dispose();
        cache.Acquire(1, true, Open)!.Value.Dispose();
        cache.Acquire(0, true, Open)!.Value.Dispose(); // 0 is now the most recent
        cache.Acquire(2, true, Open)!.Value.Dispose(); // evicts 1

        cache.Acquire(0, true, Open)!.Value.Dispose();
        cache.Acquire(1, true, Open)!.Value.Dispose();

        Assert.Equal([0, 1, 2, 1], _opened);
        Assert.Equal(2, cache.OpenCount);
    }

    [Fact]
    public void Acquire_WhileEveryHandleIsLeased_GoesOverCapacityAndClosesTheLeasedOneOnlyWhenReleased()
    {
        using var cache = new FileHandleCache(1);
        var first = cache.Acquire(0, true, Open)!.Value;
        var second = cache.Acquire(1, true, Open)!.Value;
        Assert.Equal(2, cache.OpenCount);

        // Still usable: eviction never closes a handle under a reader.
        RandomAccess.Write(first.Handle, new byte[] { 1, 2, 3 }, 0);
        first.Dispose();
        Assert.True(first.Handle.IsClosed);
        Assert.Equal(1, cache.OpenCount);

        second.Dispose();
        Assert.False(second.Handle.IsClosed);
    }

    [Fact]
    public void Acquire_WritableWhenOnlyAReadOnlyHandleIsCached_Reopens()
    {
        using var cache = new FileHandleCache(4);
        File.WriteAllBytes(_folder.File("f0"), [9]);
        SafeFileHandle? OpenReadOnlyFirst(int index, bool writable)
        {
            _opened.Add(index);
            return File.OpenHandle(_folder.File($"f{index}"), FileMode.Open, writable ? FileAccess.ReadWrite : FileAccess.Read);
        }

        cache.Acquire(0, false, OpenReadOnlyFirst)!.Value.Dispose();
        cache.Acquire(0, false, OpenReadOnlyFirst)!.Value.Dispose();
        using (var lease = cache.Acquire(0, true, OpenReadOnlyFirst)!.Value)
        {
            RandomAccess.Write(lease.Handle, new byte[] { 7 }, 0);
        }

        cache.Acquire(0, false, OpenReadOnlyFirst)!.Value.Dispose();
        Assert.Equal([0, 0], _opened);
    }
}
