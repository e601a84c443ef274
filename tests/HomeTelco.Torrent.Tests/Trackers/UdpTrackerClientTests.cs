using System.Buffers.Binary;
using System.Net;
using HomeTelco.Torrent.Trackers;
using HomeTelco.Torrent.Trackers.Udp;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Trackers;

public sealed class UdpTrackerClientTests : IDisposable
{
    private static readonly InfoHash Hash = InfoHash.FromBytes(Enumerable.Range(1, 20).Select(i => (byte)i).ToArray());
    private static readonly byte[] PeerId = "-HT0001-abcdefghijkl"u8.ToArray();

    private readonly FakeUdpTracker _tracker = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Announce_ConnectsThenAnnouncesWithEveryFieldInPlace()
    {
        var client = new UdpTrackerClient(_tracker.Uri, _time);
        var request = new AnnounceRequest(Hash, PeerId, 51413) { Uploaded = 7, Downloaded = 9, Left = 11, Event = TrackerEvent.Started, NumWant = 30, Key = 0xCAFEBABE };
        var announce = client.AnnounceAsync(request, CancellationToken.None);

        var connect = await _tracker.ReceiveAsync();
        Assert.Equal(16, connect.Length);
        Assert.Equal(0x41727101980, BinaryPrimitives.ReadInt64BigEndian(connect));
        Assert.Equal(0, FakeUdpTracker.ActionOf(connect));
        await _tracker.ReplyAsync(FakeUdpTracker.ConnectReply(FakeUdpTracker.TransactionOf(connect), 0x1122334455667788));

        var sent = await _tracker.ReceiveAsync();
        Assert.Equal(98, sent.Length);
        Assert.Equal(0x1122334455667788, BinaryPrimitives.ReadInt64BigEndian(sent));
        Assert.Equal(1, FakeUdpTracker.ActionOf(sent));
        Assert.Equal(Hash.ToArray(), sent[16..36]);
        Assert.Equal(PeerId, sent[36..56]);
        Assert.Equal(9, BinaryPrimitives.ReadInt64BigEndian(sent.AsSpan(56)));
        Assert.Equal(11, BinaryPrimitives.ReadInt64BigEndian(sent.AsSpan(64)));
        Assert.Equal(7, BinaryPrimitives.ReadInt64BigEndian(sent.AsSpan(72)));
        Assert.Equal(2, BinaryPrimitives.ReadInt32BigEndian(sent.AsSpan(80)));
        Assert.Equal(0xCAFEBABE, BinaryPrimitives.ReadUInt32BigEndian(sent.AsSpan(88)));
        Assert.Equal(30, BinaryPrimitives.ReadInt32BigEndian(sent.AsSpan(92)));
        Assert.Equal(51413, BinaryPrimitives.ReadUInt16BigEndian(sent.AsSpan(96)));

        await _tracker.ReplyAsync(FakeUdpTracker.AnnounceReply(FakeUdpTracker.TransactionOf(sent), 1800, 3, 4, [10, 0, 0, 1, 0x1A, 0xE1], [10, 0, 0, 2, 0, 0], [10, 0, 0, 3, 0, 80]));
        var result = await announce;

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(TimeSpan.FromSeconds(1800), result.Value!.Interval);
        Assert.Equal(4, result.Value.Complete);
        Assert.Equal(3, result.Value.Incomplete);
        Assert.Equal([IPEndPoint.Parse("10.0.0.1:6881"), IPEndPoint.Parse("10.0.0.3:80")], result.Value.Peers);
    }

    [Fact]
    public async Task Announce_WithinAMinute_ReusesTheConnectionIdThenConnectsAgain()
    {
        var client = new UdpTrackerClient(_tracker.Uri, _time);
        await AnnounceWithConnectAsync(client, connectionId: 42);
        Assert.Equal(1, client.ConnectRequestsSent);

        _time.Advance(TimeSpan.FromSeconds(59));
        var second = client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);
        var sent = await _tracker.ReceiveAsync();
        Assert.Equal(1, FakeUdpTracker.ActionOf(sent));
        Assert.Equal(42, BinaryPrimitives.ReadInt64BigEndian(sent));
        await _tracker.ReplyAsync(FakeUdpTracker.AnnounceReply(FakeUdpTracker.TransactionOf(sent), 60, 0, 0));
        Assert.True((await second).Succeeded);
        Assert.Equal(1, client.ConnectRequestsSent);

        _time.Advance(TimeSpan.FromSeconds(2));
        await AnnounceWithConnectAsync(client, connectionId: 43);
        Assert.Equal(2, client.ConnectRequestsSent);
    }

    [Fact]
    public async Task Announce_TrackerNeverAnswers_RetransmitsAfter15TimesTwoToTheNThenGivesUp()
    {
        var options = new UdpTrackerOptions { MaxRetransmissions = 2 };
        var client = new UdpTrackerClient(_tracker.Uri, _time, options);
        var announce = client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        var first = await _tracker.ReceiveAsync();
        foreach (var seconds in new[] { 15, 30 })
        {
            // Just short of the wait: nothing may be resent yet.
            _time.Advance(TimeSpan.FromSeconds(seconds) - TimeSpan.FromMilliseconds(1));
            Assert.True(await _tracker.StaysQuietAsync(TimeSpan.FromMilliseconds(300)));
            _time.Advance(TimeSpan.FromMilliseconds(1));
            var again = await _tracker.ReceiveAsync();
            Assert.Equal(first, again);
        }

        _time.Advance(TimeSpan.FromSeconds(60));
        var result = await announce.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(result.Succeeded);
        Assert.Equal(TrackerFailureKind.Unreachable, result.Failure);
        Assert.Equal(3, client.ConnectRequestsSent);
        Assert.True(await _tracker.StaysQuietAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Announce_ReplyWithAnotherTransactionId_IsIgnored()
    {
        var client = new UdpTrackerClient(_tracker.Uri, _time);
        var announce = client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);
        var connect = await _tracker.ReceiveAsync();
        var transaction = FakeUdpTracker.TransactionOf(connect);

        await _tracker.ReplyAsync(FakeUdpTracker.ConnectReply(transaction + 1, 666));
        await _tracker.ReplyAsync([1, 2, 3]);
        await _tracker.ReplyAsync(FakeUdpTracker.ConnectReply(transaction, 777));

        var sent = await _tracker.ReceiveAsync();
        Assert.Equal(777, BinaryPrimitives.ReadInt64BigEndian(sent));
        await _tracker.ReplyAsync(FakeUdpTracker.AnnounceReply(FakeUdpTracker.TransactionOf(sent) ^ 0x5555, 60, 0, 0, [1, 2, 3, 4, 0, 1]));
        await _tracker.ReplyAsync(FakeUdpTracker.AnnounceReply(FakeUdpTracker.TransactionOf(sent), 60, 0, 0));

        var result = await announce;
        Assert.True(result.Succeeded, result.Reason);
        Assert.Empty(result.Value!.Peers);
    }

    [Fact]
    public async Task Announce_ErrorAction_IsARefusalWithTheTrackersWords()
    {
        var client = new UdpTrackerClient(_tracker.Uri, _time);
        var announce = client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);
        var connect = await _tracker.ReceiveAsync();
        await _tracker.ReplyAsync(FakeUdpTracker.ConnectReply(FakeUdpTracker.TransactionOf(connect), 5));
        var sent = await _tracker.ReceiveAsync();
        await _tracker.ReplyAsync(FakeUdpTracker.ErrorReply(FakeUdpTracker.TransactionOf(sent), "torrent not registered\n"));

        var result = await announce;
        Assert.Equal(TrackerFailureKind.Refused, result.Failure);
        Assert.Equal("torrent not registered?", result.Reason);
    }

    [Fact]
    public async Task Announce_TruncatedPeerList_IsABadResponse()
    {
        var client = new UdpTrackerClient(_tracker.Uri, _time);
        var announce = client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);
        var connect = await _tracker.ReceiveAsync();
        await _tracker.ReplyAsync(FakeUdpTracker.ConnectReply(FakeUdpTracker.TransactionOf(connect), 5));
        var sent = await _tracker.ReceiveAsync();
        await _tracker.ReplyAsync(FakeUdpTracker.AnnounceReply(FakeUdpTracker.TransactionOf(sent), 60, 0, 0, [1, 2, 3, 4, 5]));

        var result = await announce;
        Assert.Equal(TrackerFailureKind.BadResponse, result.Failure);
    }

    [Fact]
    public async Task Announce_TrackerReachedOverIPv6_ReadsEighteenBytePeers()
    {
        using var tracker6 = new FakeUdpTracker(IPAddress.IPv6Loopback);
        var client = new UdpTrackerClient(tracker6.Uri, _time);
        var announce = client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);
        var connect = await tracker6.ReceiveAsync();
        await tracker6.ReplyAsync(FakeUdpTracker.ConnectReply(FakeUdpTracker.TransactionOf(connect), 5));
        var sent = await tracker6.ReceiveAsync();
        byte[] peer = [.. IPAddress.Parse("fd00::7").GetAddressBytes(), 0x1A, 0xE1];
        await tracker6.ReplyAsync(FakeUdpTracker.AnnounceReply(FakeUdpTracker.TransactionOf(sent), 60, 1, 0, peer));

        var result = await announce;

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal([IPEndPoint.Parse("[fd00::7]:6881")], result.Value!.Peers);
    }

    [Fact]
    public async Task Scrape_ReadsCountsInTheOrderAsked()
    {
        var other = InfoHash.FromBytes(new byte[20]);
        var client = new UdpTrackerClient(_tracker.Uri, _time);
        var scrape = client.ScrapeAsync([Hash, other], CancellationToken.None);
        var connect = await _tracker.ReceiveAsync();
        await _tracker.ReplyAsync(FakeUdpTracker.ConnectReply(FakeUdpTracker.TransactionOf(connect), 5));
        var sent = await _tracker.ReceiveAsync();
        Assert.Equal(16 + 40, sent.Length);
        Assert.Equal(2, FakeUdpTracker.ActionOf(sent));
        Assert.Equal(Hash.ToArray(), sent[16..36]);

        var reply = new byte[8 + 24];
        BinaryPrimitives.WriteInt32BigEndian(reply, 2);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(4), FakeUdpTracker.TransactionOf(sent));
        for (var i = 0; i < 6; i++)
        {
            BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(8 + (4 * i)), i + 1);
        }

        await _tracker.ReplyAsync(reply);
        var result = await scrape;
        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal([new ScrapeEntry(Hash, 1, 2, 3), new ScrapeEntry(other, 4, 5, 6)], result.Value!);
    }

    public void Dispose() => _tracker.Dispose();

    private async Task AnnounceWithConnectAsync(UdpTrackerClient client, long connectionId)
    {
        var announce = client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);
        var connect = await _tracker.ReceiveAsync();
        Assert.Equal(0, FakeUdpTracker.ActionOf(connect));
        await _tracker.ReplyAsync(FakeUdpTracker.ConnectReply(FakeUdpTracker.TransactionOf(connect), connectionId));
        var sent = await _tracker.ReceiveAsync();
        Assert.Equal(connectionId, BinaryPrimitives.ReadInt64BigEndian(sent));
        await _tracker.ReplyAsync(FakeUdpTracker.AnnounceReply(FakeUdpTracker.TransactionOf(sent), 60, 0, 0));
        Assert.True((await announce).Succeeded);
    }
}
