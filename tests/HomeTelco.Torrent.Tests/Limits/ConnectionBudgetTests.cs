using HomeTelco.Torrent.Limits;

namespace HomeTelco.Torrent.Tests.Limits;

public sealed class ConnectionBudgetTests
{
    [Fact]
    public void TryAdmit_StopsAtTheTorrentsQuota()
    {
        var budget = new ConnectionBudget(100);
        var torrent = budget.ForTorrent(3);

        Assert.True(torrent.TryAdmit());
        Assert.True(torrent.TryAdmit());
        Assert.True(torrent.TryAdmit());
        Assert.False(torrent.TryAdmit());
        Assert.Equal(3, torrent.InUse);

        torrent.Release();
        Assert.True(torrent.TryAdmit());
    }

    [Fact]
    public void TryAdmit_StopsAtTheBoxBudgetAcrossTorrents()
    {
        var budget = new ConnectionBudget(5);
        var a = budget.ForTorrent(4);
        var b = budget.ForTorrent(4);

        var admitted = 0;
        for (var i = 0; i < 4; i++)
        {
            admitted += a.TryAdmit() ? 1 : 0;
            admitted += b.TryAdmit() ? 1 : 0;
        }

        Assert.Equal(5, admitted);
        Assert.Equal(5, budget.InUse);
        a.Release();
        Assert.True(b.TryAdmit());
        Assert.False(a.TryAdmit());
    }

    [Fact]
    public void Max_Lowered_RefusesUntilUnderAgain()
    {
        var budget = new ConnectionBudget(4);
        var torrent = budget.ForTorrent(10);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(torrent.TryAdmit());
        }

        budget.Max = 2;
        torrent.Release();
        Assert.False(torrent.TryAdmit());
        torrent.Release();
        torrent.Release();
        Assert.True(torrent.TryAdmit());
    }

    [Fact]
    public void Release_MoreThanAdmitted_Throws()
    {
        var budget = new ConnectionBudget(4);
        var torrent = budget.ForTorrent(2);
        Assert.True(torrent.TryAdmit());
        torrent.Release();

        Assert.Throws<InvalidOperationException>(torrent.Release);
        Assert.Equal(0, budget.InUse);
    }

    [Fact]
    public void FromProfile_UsesTheShippedProfilesMaxTorrentPeers()
    {
        var profiles = HomeTelco.Core.Profiles.ProfileCatalog.Load(System.IO.Path.Combine(RepoPaths.Root, "hardware-profiles"));
        var router = Assert.Single(profiles, p => p.Name == "wrt-arm64-512m");

        var budget = ConnectionBudget.FromProfile(router);

        Assert.Equal(router.MaxTorrentPeers, budget.Max);
        Assert.True(budget.Max > 0);
    }

    [Fact]
    public void TryAdmit_FromManyThreads_NeverOverTheBudget()
    {
        var budget = new ConnectionBudget(50);
        var torrents = Enumerable.Range(0, 4).Select(_ => budget.ForTorrent(40)).ToArray();
        var admitted = 0;

        Parallel.For(0, 400, i =>
        {
            if (torrents[i % 4].TryAdmit())
            {
                Interlocked.Increment(ref admitted);
            }
        });

        Assert.Equal(50, admitted);
        Assert.Equal(50, torrents.Sum(t => t.InUse));
    }
}
