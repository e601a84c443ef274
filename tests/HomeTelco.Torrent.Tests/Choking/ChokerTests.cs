using HomeTelco.Torrent.Choking;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Choking;

public sealed class ChokerTests
{
    private readonly FakeTimeProvider _time = new();

    private Choker NewChoker(ChokerOptions? options = null, int seed = 7) => new(_time, new Random(seed), options);

    private static List<ChokePeer> Peers(Choker choker, int count, bool interested = true)
    {
        var peers = new List<ChokePeer>();
        for (var i = 0; i < count; i++)
        {
            var peer = choker.AddPeer();
            peer.IsInterested = interested;
            peers.Add(peer);
        }

        return peers;
    }

    [Fact]
    public void Recalculate_Downloading_UnchokesTheFourBestUploadersToUsPlusOneOptimistic()
    {
        var choker = NewChoker();
        var peers = Peers(choker, 10);
        for (var i = 0; i < peers.Count; i++)
        {
            peers[i].DownloadRate = (i * 7919 % 10) * 1000; // rates in a shuffled order
        }

        peers[9].IsInterested = false;
        peers[9].DownloadRate = 1_000_000;

        choker.Recalculate(peers, seeding: false);

        var best = peers.Where(p => p.IsInterested).OrderByDescending(p => p.DownloadRate).Take(4).ToList();
        Assert.All(best, p => Assert.True(p.IsUnchoked && !p.IsOptimistic));
        var optimistic = Assert.Single(peers, p => p.IsOptimistic);
        Assert.DoesNotContain(optimistic, best);
        Assert.True(optimistic.IsUnchoked);
        Assert.Equal(5, peers.Count(p => p.IsUnchoked));
        Assert.False(peers[9].IsUnchoked);
    }

    [Fact]
    public void Recalculate_Changed_FlagsOnlyFlips()
    {
        var choker = NewChoker();
        var peers = Peers(choker, 3);

        choker.Recalculate(peers, seeding: false);
        Assert.All(peers, p => Assert.True(p.IsUnchoked && p.Changed));

        _time.Advance(TimeSpan.FromSeconds(10));
        choker.Recalculate(peers, seeding: false);
        Assert.All(peers, p => Assert.False(p.Changed));

        peers[0].IsInterested = false;
        _time.Advance(TimeSpan.FromSeconds(10));
        choker.Recalculate(peers, seeding: false);
        Assert.True(peers[0].Changed);
        Assert.False(peers[0].IsUnchoked);
    }

    [Fact]
    public void Optimistic_IsKeptThirtySecondsThenRotated()
    {
        var choker = NewChoker(new ChokerOptions { RegularSlots = 0 });
        var peers = Peers(choker, 6);
        _time.Advance(TimeSpan.FromMinutes(5)); // nobody is new any more
        var holders = new List<ChokePeer>();

        for (var round = 0; round < 60; round++)
        {
            choker.Recalculate(peers, seeding: false);
            holders.Add(Assert.Single(peers, p => p.IsUnchoked));
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        for (var round = 0; round < 60; round += 3)
        {
            Assert.Same(holders[round], holders[round + 1]);
            Assert.Same(holders[round], holders[round + 2]);
        }

        Assert.Equal(6, holders.Distinct().Count());
    }

    [Fact]
    public void Optimistic_NewPeersWinAboutThreeTimesAsOften()
    {
        var choker = NewChoker(new ChokerOptions { RegularSlots = 0, OptimisticInterval = TimeSpan.Zero, NewPeerAge = TimeSpan.FromMinutes(1) });
        var old = Peers(choker, 1);
        _time.Advance(TimeSpan.FromMinutes(2));
        var peers = old.Concat(Peers(choker, 1)).ToList();
        var newWins = 0;
        const int Rounds = 1000;

        for (var round = 0; round < Rounds; round++)
        {
            choker.Recalculate(peers, seeding: false);
            newWins += peers[1].IsOptimistic ? 1 : 0;
        }

        // Weight 3 against 1: the new peer should win 75 % of draws.
        Assert.InRange(newWins, 700, 800);
    }

    [Fact]
    public void Optimistic_LeavesWhenThePeerLosesInterestOrGoes()
    {
        var choker = NewChoker(new ChokerOptions { RegularSlots = 0 });
        var peers = Peers(choker, 3);
        choker.Recalculate(peers, seeding: false);
        var first = choker.Optimistic!;

        first.IsInterested = false;
        _time.Advance(TimeSpan.FromSeconds(10));
        choker.Recalculate(peers, seeding: false);
        var second = choker.Optimistic!;
        Assert.NotSame(first, second);
        Assert.False(first.IsUnchoked);

        peers.Remove(second);
        _time.Advance(TimeSpan.FromSeconds(10));
        choker.Recalculate(peers, seeding: false);
        Assert.NotNull(choker.Optimistic);
        Assert.NotSame(second, choker.Optimistic);
    }

    [Fact]
    public void Snubbing_PeerThatSentNothingForAMinute_LosesItsRegularSlot()
    {
        var choker = NewChoker(new ChokerOptions { RegularSlots = 1 });
        var peers = Peers(choker, 3);
        foreach (var p in peers)
        {
            p.AmInterested = true;
            choker.PieceReceived(p);
        }

        peers[0].DownloadRate = 50_000;
        peers[1].DownloadRate = 10_000;
        choker.Recalculate(peers, seeding: false);
        Assert.True(peers[0].IsUnchoked && !peers[0].IsOptimistic);

        _time.Advance(TimeSpan.FromSeconds(59));
        choker.PieceReceived(peers[1]);
        choker.PieceReceived(peers[2]);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(choker.IsSnubbing(peers[0]));
        Assert.False(choker.IsSnubbing(peers[1]));
        choker.Recalculate(peers, seeding: false);

        Assert.True(peers[1].IsUnchoked && !peers[1].IsOptimistic);
        Assert.False(peers[0].IsUnchoked && !peers[0].IsOptimistic);

        choker.PieceReceived(peers[0]);
        _time.Advance(TimeSpan.FromSeconds(10));
        choker.Recalculate(peers, seeding: false);
        Assert.True(peers[0].IsUnchoked && !peers[0].IsOptimistic);
    }

    [Fact]
    public void Snubbing_OnlyPeersWeWantDataFrom()
    {
        var choker = NewChoker();
        var peer = choker.AddPeer();
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.False(choker.IsSnubbing(peer));
        peer.AmInterested = true;
        Assert.True(choker.IsSnubbing(peer));
    }

    [Fact]
    public void Recalculate_SeedingFastest_RanksByWhatPeersTakeFromUs()
    {
        var choker = NewChoker(new ChokerOptions { RegularSlots = 2 });
        var peers = Peers(choker, 5);
        for (var i = 0; i < peers.Count; i++)
        {
            peers[i].UploadRate = i * 1000;
            peers[i].DownloadRate = (5 - i) * 1000;
        }

        choker.Recalculate(peers, seeding: true);

        Assert.True(peers[4].IsUnchoked && !peers[4].IsOptimistic);
        Assert.True(peers[3].IsUnchoked && !peers[3].IsOptimistic);
        Assert.Equal(3, peers.Count(p => p.IsUnchoked));
    }

    [Fact]
    public void Recalculate_SeedingRoundRobin_GivesEveryPeerATurn()
    {
        var options = new ChokerOptions { RegularSlots = 2, Seeding = SeedingChoke.RoundRobin, RoundRobinTurn = TimeSpan.FromSeconds(30) };
        var choker = NewChoker(options);
        var peers = Peers(choker, 8);
        var turns = peers.ToDictionary(p => p, _ => 0);
        var held = peers.ToDictionary(p => p, _ => 0);

        for (var round = 0; round < 24; round++)
        {
            choker.Recalculate(peers, seeding: true);
            foreach (var peer in peers)
            {
                var regular = peer.IsUnchoked && !peer.IsOptimistic;
                held[peer] = regular ? held[peer] + 1 : 0;
                turns[peer] += regular && held[peer] == 1 ? 1 : 0;
                Assert.InRange(held[peer], 0, 3); // a turn is 30 s: three 10 s rounds
            }

            Assert.Equal(2, peers.Count(p => p.IsUnchoked && !p.IsOptimistic));
            _time.Advance(options.Interval);
        }

        Assert.All(peers, p => Assert.True(turns[p] >= 1));
    }

    [Fact]
    public void Recalculate_NobodyInterested_UnchokesNobody()
    {
        var choker = NewChoker();
        var peers = Peers(choker, 4, interested: false);

        choker.Recalculate(peers, seeding: false);

        Assert.All(peers, p => Assert.False(p.IsUnchoked));
        Assert.Null(choker.Optimistic);
    }
}
