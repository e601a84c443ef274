using System.Buffers;
using System.Net;
using System.Text;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Transport;

public sealed class SipConnectionTests
{
    private static readonly IPEndPoint Peer = new(IPAddress.Loopback, 40000);
    private static readonly SipTransportOptions Options = new() { MaxQueuedMessages = 4, IdleTimeout = TimeSpan.FromMinutes(3), MessageTimeout = TimeSpan.FromSeconds(20) };

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly List<SipMessage> _failed = [];
    private readonly Lock _failedLock = new();

    [Fact]
    public async Task TryEnqueue_ManyMessages_OneWriterWritesThemInOrder()
    {
        var wire = new FakeWire();
        await using var connection = Connection(new SipTransportOptions { MaxQueuedMessages = 64 });
        connection.Start(wire);

        for (var i = 0; i < 50; i++)
        {
            Assert.True(connection.TryEnqueue(Rented($"message {i}", request: null)));
        }

        await Wait.UntilAsync(() => wire.Written.Count == 50, "all 50 are written");
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"message {i}"), wire.Written);
    }

    [Fact]
    public async Task TryEnqueue_PeerStopsReading_OverflowClosesAsTooSlowAndReportsEveryUnsentRequest()
    {
        var wire = new FakeWire();
        wire.Hold();
        var connection = Connection();
        connection.Start(wire);
        var requests = Enumerable.Range(0, 6).Select(i => SipText.Parse(SipText.Options("TCP", $"z9hG4bK-q{i}"))).ToList();

        // One is taken by the writer (stuck in the write: a write pending past the message timeout shows it), four
        // fill the queue, the sixth overflows.
        Assert.True(connection.TryEnqueue(Rented("0", requests[0])));
        await Wait.UntilAsync(() => connection.Expired(Now + Options.MessageTimeout.Ticks + 1, Options) is not null, "the writer holds the first");
        for (var i = 1; i <= 4; i++)
        {
            Assert.True(connection.TryEnqueue(Rented(i.ToString(System.Globalization.CultureInfo.InvariantCulture), requests[i])));
        }

        Assert.False(connection.TryEnqueue(Rented("5", requests[5])));
        Assert.True(connection.IsClosing);
        Assert.Contains("not reading", connection.CloseReason, StringComparison.Ordinal);

        await connection.DisposeAsync();

        // The overflowing one stays with the caller (the sender reports it); the other five are reported here, once each.
        var failed = Failed();
        Assert.Equal(5, failed.Count);
        Assert.All(requests.Take(5), r => Assert.Contains(r, failed));
        Assert.Empty(wire.Written);
        Assert.True(wire.Disposed);
    }

    [Fact]
    public async Task WriteFails_RequestReportedAndConnectionCloses()
    {
        var wire = new FakeWire { Fail = true };
        var connection = Connection();
        connection.Start(wire);
        var request = SipText.Parse(SipText.Options("TCP", "z9hG4bK-fail"));

        Assert.True(connection.TryEnqueue(Rented("x", request)));

        await Wait.UntilAsync(() => connection.IsClosing, "the connection closes");
        Assert.StartsWith("write failed", connection.CloseReason, StringComparison.Ordinal);
        await connection.DisposeAsync();
        Assert.Same(request, Assert.Single(Failed()));
        Assert.False(connection.TryEnqueue(Rented("after", null)));
    }

    [Fact]
    public async Task Expired_Idle_AfterTheIdleTimeoutSinceTheLastTraffic()
    {
        await using var connection = Connection();
        connection.Start(new FakeWire());

        _time.Advance(TimeSpan.FromMinutes(2));
        connection.Touch();
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(connection.Expired(Now, Options));

        _time.Advance(TimeSpan.FromMinutes(1) + TimeSpan.FromSeconds(1));
        Assert.Equal("idle", connection.Expired(Now, Options));
    }

    [Fact]
    public async Task Expired_Pinned_StaysOpenWhileIdleUntilThePinLapses()
    {
        await using var connection = Connection();
        connection.Start(new FakeWire());
        connection.Pin(_time.GetUtcNow().AddMinutes(30));

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Null(connection.Expired(Now, Options));

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal("idle", connection.Expired(Now, Options));
    }

    [Fact]
    public async Task Expired_PinnedButMessageUnfinished_ClosedByTheMessageTimeout()
    {
        await using var connection = Connection();
        connection.Start(new FakeWire());
        connection.Pin(_time.GetUtcNow().AddHours(1));

        connection.MessagePending();
        _time.Advance(TimeSpan.FromSeconds(10));
        connection.MessagePending();
        Assert.Null(connection.Expired(Now, Options));
        _time.Advance(TimeSpan.FromSeconds(11));

        Assert.Equal("message not finished in time", connection.Expired(Now, Options));
    }

    [Fact]
    public async Task Expired_NeverStarted_ClosedAtTheEstablishDeadline()
    {
        await using var connection = Connection(establishWithin: TimeSpan.FromSeconds(10));

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(connection.Expired(Now, Options));
        _time.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("handshake not finished in time", connection.Expired(Now, Options));
    }

    private long Now => _time.GetUtcNow().UtcTicks;

    private SipConnection Connection(SipTransportOptions? options = null, TimeSpan? establishWithin = null) =>
        new(1, SipTransportKind.Tcp, Peer, outbound: false, options ?? Options, _time, establishWithin ?? TimeSpan.FromSeconds(10), request =>
        {
            lock (_failedLock)
            {
                _failed.Add(request);
            }
        });

    private List<SipMessage> Failed()
    {
        lock (_failedLock)
        {
            return [.. _failed];
        }
    }

    private static SipOutbound Rented(string text, SipMessage? request)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetByteCount(text));
        return SipOutbound.Rented(buffer, Encoding.UTF8.GetBytes(text, buffer), request);
    }
}
