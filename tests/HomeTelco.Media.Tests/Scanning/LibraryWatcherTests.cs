using HomeTelco.Media.Scanning;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Media.Tests.Scanning;

/// <summary>The watcher on a real folder (inotify) with the debounce on a fake clock.</summary>
public sealed class LibraryWatcherTests
{
    [Fact]
    public async Task Watcher_BurstOfChanges_OneRescanAfterTheQuietPeriod()
    {
        using var root = new TempFolder();
        var time = new FakeTimeProvider();
        var rescans = 0;
        using var watcher = new LibraryWatcher(7, root.Path, id => Interlocked.Increment(ref rescans), time, NullLogger.Instance);
        Assert.True(watcher.Active);

        for (var i = 0; i < 20; i++)
        {
            await File.WriteAllTextAsync(root.File($"f{i}.mp3"), "x");
        }

        // inotify delivers on its own thread: move the fake clock in steps shorter than the quiet
        // period until the debounce fires, within a real-time deadline.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Volatile.Read(ref rescans) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
            time.Advance(LibraryWatcher.Quiet / 2);
        }

        Assert.Equal(1, Volatile.Read(ref rescans));
        time.Advance(LibraryWatcher.Quiet * 3);
        Assert.Equal(1, Volatile.Read(ref rescans));
    }

    [Fact]
    public void Watcher_MissingFolder_InactiveNoThrow()
    {
        using var watcher = new LibraryWatcher(1, "/nonexistent/library", _ => { }, new FakeTimeProvider(), NullLogger.Instance);

        Assert.False(watcher.Active);
    }
}
