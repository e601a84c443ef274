using System.Buffers;
using System.Net;
using System.Text;
using HomeTelco.Torrent.Bencoding;
using HomeTelco.Torrent.Trackers;
using HomeTelco.Torrent.Trackers.Http;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Trackers;

public sealed class HttpTrackerClientTests : IDisposable
{
    // Every awkward byte class: NUL, space, '%', '&', '+', '=', unreserved ones that must stay literal, and high bytes.
    private static readonly byte[] HashBytes = [0x00, 0x20, 0x25, 0x26, 0x2B, 0x3D, 0x41, 0x7E, 0x2D, 0x2E, 0x5F, 0x7A, 0x30, 0x80, 0xFF, 0x2F, 0x3F, 0x23, 0x0A, 0x0D];
    private static readonly InfoHash Hash = InfoHash.FromBytes(HashBytes);
    private static readonly byte[] PeerId = [.. "-HT0001-"u8, 0xFF, 0x00, 0x25, 0x20, .. "abcdefgh"u8];

    private readonly HttpClient _http = new();
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Announce_SendsInfoHashAndPeerIdPercentEncodedExactlyAndEveryField()
    {
        await using var tracker = new FakeHttpTracker(_ => FakeHttpTracker.Ok(Encode(w =>
        {
            w.String("interval");
            w.Integer(900);
        })));
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);
        var request = new AnnounceRequest(Hash, PeerId, 6881) { Uploaded = 1, Downloaded = 2, Left = 3, Event = TrackerEvent.Started, NumWant = 25, Key = 0xAB };

        var result = await client.AnnounceAsync(request, CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        var line = Assert.Single(tracker.RequestLines);
        Assert.StartsWith("GET /announce?", line, StringComparison.Ordinal);
        var query = line.Split(' ')[1].Split('?')[1].Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal("%00%20%25%26%2B%3DA~-._z0%80%FF%2F%3F%23%0A%0D", query["info_hash"]);
        Assert.Equal(HashBytes, WebUtility.UrlDecodeToBytes(Encoding.ASCII.GetBytes(query["info_hash"]), 0, query["info_hash"].Length));
        Assert.Equal(PeerId, WebUtility.UrlDecodeToBytes(Encoding.ASCII.GetBytes(query["peer_id"]), 0, query["peer_id"].Length));
        Assert.Equal("6881", query["port"]);
        Assert.Equal("1", query["uploaded"]);
        Assert.Equal("2", query["downloaded"]);
        Assert.Equal("3", query["left"]);
        Assert.Equal("1", query["compact"]);
        Assert.Equal("25", query["numwant"]);
        Assert.Equal("000000AB", query["key"]);
        Assert.Equal("started", query["event"]);
        Assert.Equal(TimeSpan.FromSeconds(900), result.Value!.Interval);
    }

    [Fact]
    public void AnnounceUrl_KeepsThePasskeyQueryAndLeavesOutTheEventOfARegularAnnounce()
    {
        var url = HttpTrackerUrl.Announce(new Uri("http://tracker.example:8080/a/announce?passkey=abc%2F1"), new AnnounceRequest(Hash, PeerId, 1));
        Assert.StartsWith("http://tracker.example:8080/a/announce?passkey=abc%2F1&info_hash=%00", url.OriginalString, StringComparison.Ordinal);
        Assert.DoesNotContain("event=", url.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://t.example/announce", "http://t.example/scrape")]
    [InlineData("http://t.example/x/announce.php?pk=1", "http://t.example/x/scrape.php?pk=1&info_hash=")]
    [InlineData("http://t.example/a", null)]
    [InlineData("http://t.example/announce/x", null)]
    public void ScrapeUrl_ReplacesTheLastAnnounceSegment(string announce, string? expectedPrefix)
    {
        var url = HttpTrackerUrl.Scrape(new Uri(announce), [Hash]);
        if (expectedPrefix is null)
        {
            Assert.Null(url);
        }
        else
        {
            Assert.StartsWith(expectedPrefix, url!.OriginalString, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Announce_CompactPeersAndPeers6AndCounts_AreAllRead()
    {
        await using var tracker = new FakeHttpTracker(_ => FakeHttpTracker.Ok(Encode(w =>
        {
            w.String("complete");
            w.Integer(5);
            w.String("incomplete");
            w.Integer(7);
            w.String("interval");
            w.Integer(1800);
            w.String("min interval");
            w.Integer(60);
            w.String("peers");
            w.String([127, 0, 0, 2, 0x1A, 0xE1, 127, 0, 0, 3, 0x1A, 0xE2]);
            w.String("peers6");
            w.String([.. IPAddress.IPv6Loopback.GetAddressBytes(), 0x00, 0x50]);
            w.String("tracker id");
            w.String("t-42");
            w.String("warning message");
            w.String("be nice");
        })));
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        var response = result.Value!;
        Assert.Equal([IPEndPoint.Parse("127.0.0.2:6881"), IPEndPoint.Parse("127.0.0.3:6882"), IPEndPoint.Parse("[::1]:80")], response.Peers);
        Assert.Equal(5, response.Complete);
        Assert.Equal(7, response.Incomplete);
        Assert.Equal(TimeSpan.FromSeconds(60), response.MinInterval);
        Assert.Equal("t-42", response.TrackerId);
        Assert.Equal("be nice", response.WarningMessage);
    }

    [Fact]
    public async Task Announce_PeerDictionaries_AreReadAndHostNamesSkipped()
    {
        await using var tracker = new FakeHttpTracker(_ => FakeHttpTracker.Ok(Encode(w =>
        {
            w.String("interval");
            w.Integer(60);
            w.String("peers");
            w.BeginList();
            Peer(w, "127.0.0.9", 7000);
            Peer(w, "peer.example", 7001);
            Peer(w, "::1", 7002);
            Peer(w, "127.0.0.10", 0);
            w.End();
        })));
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal([IPEndPoint.Parse("127.0.0.9:7000"), IPEndPoint.Parse("[::1]:7002")], result.Value!.Peers);
    }

    [Fact]
    public async Task Announce_FailureReason_IsARefusalWithTheTrackersWords()
    {
        await using var tracker = new FakeHttpTracker(_ => FakeHttpTracker.Ok(Encode(w =>
        {
            w.String("failure reason");
            w.String("Requested download is not authorized for use with this tracker.");
        })));
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        Assert.Equal(TrackerFailureKind.Refused, result.Failure);
        Assert.Equal("Requested download is not authorized for use with this tracker.", result.Reason);
    }

    [Theory]
    [InlineData("<html>502 Bad Gateway</html>")]
    [InlineData("d8:intervali60e5:peers5:abcdee")]
    [InlineData("d8:intervali-5ee")]
    [InlineData("d5:peers0:e")]
    [InlineData("li1ee")]
    [InlineData("d8:intervali60ee trailing")]
    [InlineData("")]
    public async Task Announce_GarbageBody_IsRefusedCleanly(string body)
    {
        await using var tracker = new FakeHttpTracker(_ => FakeHttpTracker.Ok(Encoding.ASCII.GetBytes(body)));
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        Assert.False(result.Succeeded);
        Assert.Equal(TrackerFailureKind.BadResponse, result.Failure);
    }

    [Fact]
    public async Task Announce_ContentLengthOverTheLimit_IsRefusedUnread()
    {
        await using var tracker = new FakeHttpTracker(_ => FakeHttpTracker.Ok("d8:intervali60ee"u8.ToArray(), contentLength: "2097152"));
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        Assert.Equal(TrackerFailureKind.BadResponse, result.Failure);
        Assert.Contains("2097152", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Announce_OversizedBodyWithoutLength_IsRefusedAtTheLimit()
    {
        var head = "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"u8.ToArray();
        var body = new byte[(1024 * 1024) + 10];
        Array.Fill(body, (byte)'x');
        await using var tracker = new FakeHttpTracker(_ => [.. head, .. body]);
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        Assert.Equal(TrackerFailureKind.BadResponse, result.Failure);
        Assert.Contains("over the 1048576 bytes", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Announce_TrackerThatNeverAnswers_TimesOutOnTheTimeProvider()
    {
        await using var tracker = new FakeHttpTracker(_ => null);
        var client = new HttpTrackerClient(tracker.Announce, _http, _time, new HttpTrackerOptions { Timeout = TimeSpan.FromSeconds(20) });

        var announce = client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (tracker.RequestLines.Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.False(announce.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(20));
        var result = await announce.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TrackerFailureKind.Unreachable, result.Failure);
    }

    [Fact]
    public async Task Announce_HttpErrorWithoutBencode_IsUnreachable()
    {
        await using var tracker = new FakeHttpTracker(_ => "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found"u8.ToArray());
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        Assert.Equal(TrackerFailureKind.Unreachable, result.Failure);
        Assert.Contains("404", result.Reason, StringComparison.Ordinal);
    }

    // A garbled status line fails the request inside HttpClient without its own retry (it retries only a connection
    // closed before any answer), so these two see exactly the client's retry.
    private static readonly byte[] Garbled = "HTTP/1.1 abc\r\n\r\n"u8.ToArray();

    [Fact]
    public async Task Announce_NoAnswerOnTheFirstTry_IsAskedOnceMore()
    {
        var answered = 0;
        await using var tracker = new FakeHttpTracker(_ => Interlocked.Increment(ref answered) == 1 ? Garbled : FakeHttpTracker.Ok(Encode(w =>
        {
            w.String("interval");
            w.Integer(900);
        })));
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal(2, tracker.RequestLines.Count);
    }

    [Fact]
    public async Task Announce_NoAnswerTwice_UnreachableWithTheReason()
    {
        await using var tracker = new FakeHttpTracker(_ => Garbled);
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.AnnounceAsync(new AnnounceRequest(Hash, PeerId, 1), CancellationToken.None);

        Assert.Equal(TrackerFailureKind.Unreachable, result.Failure);
        Assert.Equal(2, tracker.RequestLines.Count);
        Assert.Contains("invalid status code", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Scrape_ReadsTheCountsOfTheHashesAsked()
    {
        await using var tracker = new FakeHttpTracker(_ => FakeHttpTracker.Ok(Encode(w =>
        {
            w.String("files");
            w.BeginDictionary();
            w.String(HashBytes);
            w.BeginDictionary();
            w.String("complete");
            w.Integer(3);
            w.String("downloaded");
            w.Integer(10);
            w.String("incomplete");
            w.Integer(2);
            w.End();
            w.End();
        })));
        var client = new HttpTrackerClient(tracker.Announce, _http, _time);

        var result = await client.ScrapeAsync([Hash, InfoHash.FromBytes(new byte[20])], CancellationToken.None);

        Assert.True(result.Succeeded, result.Reason);
        Assert.Equal([new ScrapeEntry(Hash, 3, 10, 2)], result.Value!);
        Assert.StartsWith("GET /scrape?info_hash=%00%20", Assert.Single(tracker.RequestLines), StringComparison.Ordinal);
    }

    public void Dispose() => _http.Dispose();

    private static void Peer(BencodeWriter w, string ip, int port)
    {
        w.BeginDictionary();
        w.String("ip");
        w.String(ip);
        w.String("port");
        w.Integer(port);
        w.End();
    }

    private static byte[] Encode(Action<BencodeWriter> entries)
    {
        var buffer = new ArrayBufferWriter<byte>();
        var writer = new BencodeWriter(buffer);
        writer.BeginDictionary();
        entries(writer);
        writer.End();
        return buffer.WrittenSpan.ToArray();
    }
}
