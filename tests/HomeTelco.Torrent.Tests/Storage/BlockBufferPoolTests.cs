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
}
