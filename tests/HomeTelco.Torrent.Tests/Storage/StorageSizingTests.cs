using HomeTelco.Core.Profiles;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Tests.Storage;

public sealed class StorageSizingTests
{
    private static HardwareProfile Profile(int memoryMb, int cacheMb) => new()
    {
        Name = "test",
        Description = "test",
        MemoryBudgetMb = memoryMb,
        MaxConcurrentTranscodes = 0,
        HardwareAcceleration = "none",
        MaxActiveTorrents = 2,
        MaxTorrentPeers = 40,
        TorrentDiskCacheMb = cacheMb,
        MediaCacheMb = 8,
        MaxSipRegistrations = 32,
        MaxSipCalls = 4,
        ScanParallelism = 1,
    };

    [Fact]
    public void From_RouterProfile_OneWorkerFewHandlesAndItsCacheBudget()
    {
        var sizing = StorageSizing.From(Profile(96, 4));

        Assert.Equal(new StorageSizing(4L * 1024 * 1024, 1, 8, 1), sizing);
        Assert.Equal(256, new BlockBufferPool(sizing.WriteCacheBytes).Capacity);
    }

    [Fact]
    public void From_NasProfile_TwoWorkers()
    {
        var sizing = StorageSizing.From(Profile(768, 64));

        Assert.Equal(new StorageSizing(64L * 1024 * 1024, 2, 32, 2), sizing);
    }
}
