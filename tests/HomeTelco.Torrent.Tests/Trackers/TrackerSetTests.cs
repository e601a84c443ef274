using System.Net;
using HomeTelco.Torrent.Trackers;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Trackers;

public sealed class TrackerSetTests
{
    private static readonly InfoHash Hash = InfoHash.FromBytes(new byte[20]);
    private static readonly byte[] PeerId = "-HT0001-000000000000"u8.ToArray();

    private readonly FakeTimeProvider _time = new();
    private TransferTotals _totals = new(0, 0, 1000);

    [Fact]
    public void Load_ShufflesWithinTiersOnlyAndKeepsEveryTracker()
    {
        var tier1 = Clients("a", "b", "c", "d");
        var tier2 = Clients("e", "f", "g");
        var orders = new HashSet<string>();
        for (var seed = 0; seed < 20; seed++)
        {
            using var set = Set([tier1, tier2], seed);
            var tiers = set.Tiers;
            Assert.Equal(2, tiers.Count);
            Assert.Equal(tier1.OrderBy(c => c.ToString()), tiers[0].Cast<ScriptedTrackerClient>().OrderBy(c => c.ToString()));
            Assert.Equal(tier2.OrderBy(c => c.ToString()), tiers[1].Cast<ScriptedTrackerClient>().OrderBy(c => c.ToString()));
            orders.Add(string.Join(",", tiers[0]));
        }

        Assert.True(orders.Count > 1, "twenty seeds gave one order: the tier was not shuffled");
    }

    [Fact]
    public async Task Announce_TriesInOrderAndMovesTheOneThatAnsweredToTheFrontOfItsTier()
    {
        var tier1 = Clients("a", "b", "c");
        var tier2 = Clients("d");
        using var set = Set([tier1, tier2]);
        var order = set.Tiers[0].Cast<ScriptedTrackerClient>().ToArray();
        order[0].Answers = false;
        order[1].Answers = false;

        var outcome = await set.AnnounceAsync(CancellationToken.None);

        Assert.Same(order[2], outcome.Tracker);
        Assert.Single(order[0].Requests);
        Assert.Single(order[1].Requests);
        Assert.Empty(tier2[0].Requests);
        Assert.Equal([order[2], order[0], order[1]], set.Tiers[0]);
    }

    [Fact]
    public async Task Announce_WholeTierFails_FallsToTheNextTier()
    {
        var tier1 = Clients("a", "b");
        var tier2 = Clients("c");
        tier1[0].Answers = tier1[1].Answers = false;
        using var set = Set([tier1, tier2]);

        var outcome = await set.AnnounceAsync(CancellationToken.None);

        Assert.Same(tier2[0], outcome.Tracker);
        Assert.Equal(TrackerEvent.Started, tier2[0].Requests[0].Event);
    }

    [Fact]
    public async Task Events_StartedFirstThenNoneThenCompletedOnceThenStoppedToTheLastResponder()
    {
        var tracker = Clients("a")[0];
        using var set = Set([[tracker]]);

        await set.AnnounceAsync(CancellationToken.None);
        await set.AnnounceAsync(CancellationToken.None);
        _totals = new TransferTotals(5, 1000, 0);
        set.MarkCompleted();
        Assert.Equal(_time.GetUtcNow(), set.NextAnnounceAt);
        await set.AnnounceAsync(CancellationToken.None);
        set.MarkCompleted();
        await set.AnnounceAsync(CancellationToken.None);
        Assert.True(await set.StopAsync(CancellationToken.None));
        await set.AnnounceAsync(CancellationToken.None);

        Assert.Equal(
            [TrackerEvent.Started, TrackerEvent.None, TrackerEvent.Completed, TrackerEvent.None, TrackerEvent.Stopped],
            tracker.Requests.Select(r => r.Event));
        var completed = tracker.Requests[2];
        Assert.Equal((5, 1000, 0), (completed.Uploaded, completed.Downloaded, completed.Left));
        Assert.Equal(0, tracker.Requests[4].NumWant);
        Assert.Single(tracker.Requests.Select(r => r.Key).Distinct());
    }

    [Fact]
    public async Task Stop_WithoutAStartedSession_SendsNothing()
    {
        var tracker = Clients("a")[0];
        tracker.Answers = false;
        using var set = Set([[tracker]]);
        await set.AnnounceAsync(CancellationToken.None);

        Assert.False(await set.StopAsync(CancellationToken.None));

        Assert.Single(tracker.Requests);
    }

    [Fact]
    public async Task Stop_TrackerHangs_GivesUpAfterTheStopTimeout()
    {
        var tracker = Clients("a")[0];
        using var set = Set([[tracker]]);
        await set.AnnounceAsync(CancellationToken.None);
        tracker.Hold = new TaskCompletionSource();

        var stop = set.StopAsync(CancellationToken.None);
        Assert.False(stop.IsCompleted);
        _time.Advance(TrackerSetOptions.Default.StopTimeout);

        Assert.False(await stop.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Schedule_FollowsTheIntervalWithTheMinIntervalAsAFloor()
    {
        var tracker = Clients("a")[0];
        tracker.Interval = TimeSpan.FromSeconds(120);
        using var set = Set([[tracker]]);
        var start = _time.GetUtcNow();

        var first = await set.AnnounceAsync(CancellationToken.None);
        Assert.Equal(start + TimeSpan.FromSeconds(120), first.NextAnnounceAt);

        tracker.MinInterval = TimeSpan.FromSeconds(600);
        var second = await set.AnnounceAsync(CancellationToken.None);
        Assert.Equal(start + TimeSpan.FromSeconds(600), second.NextAnnounceAt);

        tracker.MinInterval = null;
        tracker.Interval = TimeSpan.Zero;
        var third = await set.AnnounceAsync(CancellationToken.None);
        Assert.Equal(start + TrackerSetOptions.Default.MinimumInterval, third.NextAnnounceAt);
    }

    [Fact]
    public async Task Schedule_EveryTrackerFailing_BacksOffDoublingUpToTheMaximum()
    {
        var tracker = Clients("a")[0];
        tracker.Answers = false;
        var options = new TrackerSetOptions { RetryBase = TimeSpan.FromMinutes(1), RetryMaximum = TimeSpan.FromMinutes(5) };
        using var set = Set([[tracker]], options: options);
        var waits = new List<double>();
        for (var i = 0; i < 5; i++)
        {
            var outcome = await set.AnnounceAsync(CancellationToken.None);
            waits.Add((outcome.NextAnnounceAt - _time.GetUtcNow()).TotalMinutes);
        }

        Assert.Equal([1, 2, 4, 5, 5], waits);

        tracker.Answers = true;
        await set.AnnounceAsync(CancellationToken.None);
        Assert.Equal(TrackerEvent.Started, tracker.Requests[^1].Event);
    }

    [Fact]
    public async Task TrackerId_IsEchoedToTheTrackerThatGaveIt()
    {
        var tracker = Clients("a")[0];
        tracker.TrackerIdToGive = "id-1";
        using var set = Set([[tracker]]);

        await set.AnnounceAsync(CancellationToken.None);
        await set.AnnounceAsync(CancellationToken.None);

        Assert.Null(tracker.Requests[0].TrackerId);
        Assert.Equal("id-1", tracker.Requests[1].TrackerId);
    }

    [Fact]
    public async Task Run_AnnouncesAtOnceThenAtEachIntervalAndWakesForCompleted()
    {
        var tracker = Clients("a")[0];
        tracker.Interval = TimeSpan.FromMinutes(10);
        tracker.PeersToGive = [IPEndPoint.Parse("127.0.0.2:6881")];
        using var set = Set([[tracker]]);
        var found = 0;
        set.PeersFound += (_, peers) => Interlocked.Add(ref found, peers.Count);
        using var stop = new CancellationTokenSource();

        var run = set.RunAsync(stop.Token);
        await WaitForRequestsAsync(tracker, 1);
        _time.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(200);
        Assert.Single(tracker.Requests);
        _time.Advance(TimeSpan.FromMinutes(1));
        await WaitForRequestsAsync(tracker, 2);
        set.MarkCompleted();
        await WaitForRequestsAsync(tracker, 3);
        Assert.Equal(TrackerEvent.Completed, tracker.Requests[2].Event);
        Assert.Equal(3, Volatile.Read(ref found));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task EarlyAnnounce_WaitsOutTheMinIntervalAndTheFailureBackOff()
    {
        var tracker = Clients("a")[0];
        tracker.Interval = TimeSpan.FromMinutes(30);
        tracker.MinInterval = TimeSpan.FromMinutes(15);
        using var set = Set([[tracker]], options: new TrackerSetOptions { RetryBase = TimeSpan.FromMinutes(2), RetryMaximum = TimeSpan.FromMinutes(8) });
        using var stop = new CancellationTokenSource();
        var run = set.RunAsync(stop.Token);
        await WaitForRequestsAsync(tracker, 1);

        // Starved a minute later: the tracker asked for 15 minutes between announces, so nothing goes.
        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.False(set.RequestEarlyAnnounce());
        _time.Advance(TimeSpan.FromMinutes(14));
        Assert.True(set.RequestEarlyAnnounce());
        await WaitForRequestsAsync(tracker, 2);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromMinutes(30), set.NextAnnounceAt);

        // Failing trackers: the back-off holds early announces back too.
        tracker.Answers = false;
        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.True(set.RequestEarlyAnnounce());
        await WaitForRequestsAsync(tracker, 3);
        Assert.False(set.RequestEarlyAnnounce());
        _time.Advance(TimeSpan.FromMinutes(2));
        await WaitForRequestsAsync(tracker, 4);

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void Pool_PrivateTorrent_UsesOnlyItsOwnTrackers()
    {
        using var http = new HttpClient();
        var pool = new TrackerClientPool(http, _time);
        Uri[][] own = [[new("http://a.test/announce"), new("udp://b.test:80")], [new("http://a.test/announce"), new("wss://c.test")]];
        Uri[] extra = [new("udp://d.test:6969")];

        var privateTiers = pool.Tiers(own, extra, isPrivate: true);
        var publicTiers = pool.Tiers(own, extra, isPrivate: false);

        Assert.Equal(["http://a.test/announce", "udp://b.test:80/"], privateTiers.SelectMany(t => t).Select(c => c.Uri.ToString()));
        Assert.Single(privateTiers);
        Assert.Equal(2, publicTiers.Count);
        Assert.Equal("udp://d.test:6969/", publicTiers[1][0].Uri.ToString());
        Assert.Same(privateTiers[0][0], publicTiers[0][0]);
    }

    private static ScriptedTrackerClient[] Clients(params string[] names) => names.Select(n => new ScriptedTrackerClient(n)).ToArray();

    private static async Task WaitForRequestsAsync(ScriptedTrackerClient tracker, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (tracker.Requests.Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"only {tracker.Requests.Count} of {count} announces within 10 s");
            await Task.Delay(20);
        }
    }

    private TrackerSet Set(IReadOnlyList<IReadOnlyList<ITrackerClient>> tiers, int seed = 1, TrackerSetOptions? options = null) =>
        new(Hash, tiers, isPrivate: false, PeerId, 6881, () => _totals, _time, new Random(seed), options);
}
