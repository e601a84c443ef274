using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Tests.Storage;

public sealed class BlockBufferPoolTests
{
    [Fact]
    public void Return_KeepsEveryBufferOfTheBudgetForReuse_AndTrimLetsThemGoOnlyWhenNoneIsOut()
    {
        var pool = new BlockBufferPool(4 * (long)TorrentLayout.BlockSize);
        var first = Enumerable.Range(0, 4).Select(_ => pool.TryRent()!).ToList();
        Assert.Null(pool.TryRent());
        first.ForEach(pool.Return);

        // All four come back as they went (the shared pool would have kept only a few per core).
        var second = Enumerable.Range(0, 4).Select(_ => pool.TryRent()!).ToList();
        Assert.Equal(first.ToHashSet(ReferenceEqualityComparer.Instance), second.ToHashSet(ReferenceEqualityComparer.Instance));
        Assert.All(second, b => Assert.Equal(TorrentLayout.BlockSize, b.Length));

        pool.Trim();
        var third = pool.TryRent();
        Assert.Null(third);
        second.ForEach(pool.Return);

        pool.Trim();
        var fresh = pool.TryRent()!;
        Assert.DoesNotContain(second, b => ReferenceEquals(b, fresh));
        pool.Return(fresh);
        Assert.Equal(0, pool.Rented);
    }

    [Fact]
    public void LargeBudget_CostsNothingUntilUsed_AndAnIdleTrimAllocatesNothing()
    {
        // The engine trims every tick while nothing downloads; a mini-PC's cache is 256 MB.
        var before = GC.GetAllocatedBytesForCurrentThread();
        var pool = new BlockBufferPool(256L * 1024 * 1024);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 1024, "the pool is not sized for its budget up front");

        pool.Return(pool.TryRent()!);
        pool.Trim();
        before = GC.GetAllocatedBytesForCurrentThread();
        for (var tick = 0; tick < 100; tick++)
        {
            pool.Trim();
        }

        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
