using System.Net;
using System.Net.Sockets;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Sip.Tests.Transport;

/// Server keep-alives to NAT'd UDP flows, on a fake clock, received by real sockets.
public sealed class SipKeepAliveTests
{
    [Fact]
    public async Task EveryInterval_EachDistinctUdpFlowGetsOneCrLfCrLf_StreamFlowsNone()
    {
        await using var box = TransportHarness.Start();
        using var first = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var flows = new List<SipEndPoint>
        {
            new(SipTransportKind.Udp, (IPEndPoint)first.Client.LocalEndPoint!),
            new(SipTransportKind.Udp, (IPEndPoint)second.Client.LocalEndPoint!),
            new(SipTransportKind.Udp, (IPEndPoint)first.Client.LocalEndPoint!),
            new(SipTransportKind.Tcp, (IPEndPoint)second.Client.LocalEndPoint!, 7),
        };
        using var keepAlive = new SipKeepAlive(box.Udp, () => flows, TimeSpan.FromSeconds(30), box.Time, NullLogger.Instance);
        keepAlive.Start();

        box.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, keepAlive.Sent);
        box.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(2, keepAlive.Sent);
        box.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(4, keepAlive.Sent);

        foreach (var phone in new[] { first, second })
        {
            for (var round = 0; round < 2; round++)
            {
                var received = await phone.ReceiveAsync(Wait.Soon());
                Assert.Equal("\r\n\r\n"u8.ToArray(), received.Buffer);
                Assert.Equal(box.Udp.LocalEndPoint.Port, received.RemoteEndPoint.Port);
            }

            Assert.Equal(0, phone.Available);
        }
    }

    [Fact]
    public async Task IntervalZero_NothingSent()
    {
        await using var box = TransportHarness.Start();
        using var keepAlive = new SipKeepAlive(box.Udp, () => [new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 9))], TimeSpan.Zero, box.Time, NullLogger.Instance);
        keepAlive.Start();

        box.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(0, keepAlive.Sent);
    }

    [Fact]
    public async Task SourceThrows_RoundSkippedAndTheNextOneRuns()
    {
        await using var box = TransportHarness.Start();
        using var phone = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var calls = 0;
        IEnumerable<SipEndPoint> Flows() => ++calls == 1
            ? throw new InvalidOperationException("location service not ready")
            : [new(SipTransportKind.Udp, (IPEndPoint)phone.Client.LocalEndPoint!)];
        using var keepAlive = new SipKeepAlive(box.Udp, Flows, TimeSpan.FromSeconds(30), box.Time, NullLogger.Instance);
        keepAlive.Start();

        box.Time.Advance(TimeSpan.FromSeconds(60));

        Assert.Equal(1, keepAlive.Sent);
        Assert.Equal("\r\n\r\n"u8.ToArray(), (await phone.ReceiveAsync(Wait.Soon())).Buffer);
    }

    [Fact]
    public async Task ManyFlows_CappedPerRound()
    {
        await using var box = TransportHarness.Start();
        // Loopback ports nobody reads: only the count matters.
        var flows = Enumerable.Range(0, SipKeepAlive.MaxFlows + 50).Select(i => new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(IPAddress.Loopback, 20000 + i)));
        using var keepAlive = new SipKeepAlive(box.Udp, () => flows, TimeSpan.FromSeconds(30), box.Time, NullLogger.Instance);

        Assert.Equal(SipKeepAlive.MaxFlows, keepAlive.SendRound());
    }
}
