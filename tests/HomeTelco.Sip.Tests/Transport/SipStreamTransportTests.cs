using System.Net;
using System.Security.Authentication;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

/// TCP and TLS as phones use them: real sockets on loopback, the table's timeouts on a fake clock.
public sealed class SipStreamTransportTests
{
    [Fact]
    public async Task Tcp_Options_AnsweredOnTheSameConnection()
    {
        await using var box = TransportHarness.Start();
        using var phone = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        var stream = phone.GetStream();

        await Peers.WriteAsync(stream, SipText.Options("TCP", "z9hG4bK-tcp1"));

        var (result, source) = await box.Inbound.NextAsync();
        Assert.True(result.IsComplete);
        Assert.Equal(SipTransportKind.Tcp, source.Transport);
        Assert.NotNull(source.ConnectionId);
        Assert.Equal(((IPEndPoint)phone.Client.LocalEndPoint!).Port, source.EndPoint.Port);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", await SipText.ReadMessageAsync(stream, Wait.Soon()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tcp_TwoMessagesInOneWriteAndOneTrickled_EachDeliveredOnceInOrder()
    {
        await using var box = TransportHarness.Start();
        using var phone = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        var stream = phone.GetStream();
        var body = new string('b', 20_000);

        await Peers.WriteAsync(stream, "\r\n" + SipText.Options("TCP", "z9hG4bK-m1") + SipText.Options("TCP", "z9hG4bK-m2"));
        var big = SipText.Bytes(SipText.Options("TCP", "z9hG4bK-m3", body: body));
        for (var offset = 0; offset < big.Length; offset += 997)
        {
            await stream.WriteAsync(big.AsMemory(offset, Math.Min(997, big.Length - offset)));
            await stream.FlushAsync();
        }

        var branches = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var message = (await box.Inbound.NextAsync()).Result.Message!;
            branches.Add(message.GetTopVia().Value!.Branch!);
            if (i == 2)
            {
                Assert.Equal(body, System.Text.Encoding.UTF8.GetString(message.Body.Span));
            }
        }

        Assert.Equal(["z9hG4bK-m1", "z9hG4bK-m2", "z9hG4bK-m3"], branches);
        Assert.False(box.Inbound.TryNext(out _));
    }

    [Fact]
    public async Task Tcp_CrLfPing_AnsweredWithPongAndCountsAsTraffic()
    {
        await using var box = TransportHarness.Start();
        using var phone = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        var stream = phone.GetStream();

        for (var round = 0; round < 3; round++)
        {
            box.Advance(TimeSpan.FromMinutes(2));
            await Peers.WriteAsync(stream, "\r\n\r\n");
            Assert.Equal("\r\n", await Peers.ReadExactlyAsync(stream, 2));
            await box.UntilQuietAsync(1);
        }

        // Six minutes in, with a 3-minute idle timeout: the pings kept it open. Silence now closes it.
        Assert.Equal(1, box.Table.Count);
        box.Advance(box.Options.IdleTimeout + TimeSpan.FromSeconds(2));
        Assert.True(await Peers.IsClosedAsync(stream));
        await Wait.UntilAsync(() => box.Table.Count == 0, "the table lets it go");
    }

    [Fact]
    public async Task Tcp_IdleConnections_ClosedButAPinnedOneStaysUntilThePinLapses()
    {
        await using var box = TransportHarness.Start();
        var closed = new List<SipConnectionClosedEventArgs>();
        box.Table.ConnectionClosed += (_, e) =>
        {
            lock (closed)
            {
                closed.Add(e);
            }
        };
        using var registered = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        using var other = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        await Peers.WriteAsync(registered.GetStream(), SipText.Options("TCP", "z9hG4bK-pin"));
        var id = (await box.Inbound.NextAsync()).Source.ConnectionId!.Value;
        await SipText.ReadMessageAsync(registered.GetStream(), Wait.Soon());
        await Wait.UntilAsync(() => box.Table.Count == 2, "both are in");
        await box.UntilQuietAsync(id);

        Assert.True(box.Table.Pin(id, box.Time.GetUtcNow().AddMinutes(30)));
        box.Advance(TimeSpan.FromMinutes(4));

        Assert.True(await Peers.IsClosedAsync(other.GetStream()));
        Assert.False(await Peers.IsClosedAsync(registered.GetStream(), seconds: 0.3));
        box.Advance(TimeSpan.FromMinutes(27));
        Assert.True(await Peers.IsClosedAsync(registered.GetStream()));
        await Wait.UntilAsync(() => { lock (closed) { return closed.Count == 2; } }, "both closures are told");
        lock (closed)
        {
            Assert.Equal(id, closed[1].ConnectionId);
            Assert.Equal(SipTransportKind.Tcp, closed[1].Transport);
            Assert.Equal("idle", closed[1].Reason);
            Assert.NotEqual(id, closed[0].ConnectionId);
        }

        Assert.False(box.Table.Pin(id, box.Time.GetUtcNow().AddMinutes(30)));
    }

    [Fact]
    public async Task Tcp_PeerCloses_ConnectionClosedEventNamesKindAndId()
    {
        await using var box = TransportHarness.Start();
        var closed = new TaskCompletionSource<SipConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        box.Table.ConnectionClosed += (_, e) => closed.TrySetResult(e);
        var phone = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        await Peers.WriteAsync(phone.GetStream(), SipText.Options("TCP", "z9hG4bK-bye"));
        var id = (await box.Inbound.NextAsync()).Source.ConnectionId;

        phone.Dispose();

        var e = await closed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal((SipTransportKind.Tcp, id), (e.Transport, (long?)e.ConnectionId));
        Assert.Equal("closed by the peer", e.Reason);
        Assert.Null(box.Table.Find(id!.Value));
    }

    [Fact]
    public async Task Tcp_Slowloris_MessageNotFinishedInTimeIsCutOff()
    {
        await using var box = TransportHarness.Start();
        using var phone = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        var stream = phone.GetStream();
        var partial = SipText.Options("TCP", "z9hG4bK-slow")[..60];

        // A byte now and then keeps the idle timer happy; the message timeout runs from the message's first byte.
        await Peers.WriteAsync(stream, partial[..30]);
        await box.UntilMessagePendingAsync();
        box.Advance(TimeSpan.FromSeconds(10));
        await Peers.WriteAsync(stream, partial[30..]);
        Assert.False(await Peers.IsClosedAsync(stream, seconds: 0.3));
        box.Advance(box.Options.MessageTimeout - TimeSpan.FromSeconds(9));

        Assert.True(await Peers.IsClosedAsync(stream));
        Assert.False(box.Inbound.TryNext(out _));
    }

    [Fact]
    public async Task Tcp_Garbage_ConnectionClosedAfterTheErrorIsHandedOver()
    {
        await using var box = TransportHarness.Start();
        using var phone = await Peers.ConnectTcpAsync(box.TcpEndPoint);

        await Peers.WriteAsync(phone.GetStream(), "HELLO\nTHERE\r\n\r\n");

        Assert.False((await box.Inbound.NextAsync()).Result.IsComplete);
        Assert.True(await Peers.IsClosedAsync(phone.GetStream()));
    }

    [Fact]
    public async Task Tls_Options_AnsweredOverTlsWithTheBoxCertificate()
    {
        await using var box = TransportHarness.Start(tls: true);
        await using var phone = await Peers.ConnectTlsAsync(box.TlsEndPoint);

        await Peers.WriteAsync(phone, SipText.Options("TLS", "z9hG4bK-tls1"));

        var (result, source) = await box.Inbound.NextAsync();
        Assert.True(result.IsComplete);
        Assert.Equal(SipTransportKind.Tls, source.Transport);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", await SipText.ReadMessageAsync(phone, Wait.Soon()), StringComparison.Ordinal);
        Assert.Equal(1, box.Table.CountOf(SipTransportKind.Tls));
    }

    [Theory]
    [InlineData(SslProtocols.Tls12)]
    [InlineData(SslProtocols.Tls13)]
    public async Task Tls_Tls12AndTls13Clients_BothServed(SslProtocols protocol)
    {
        await using var box = TransportHarness.Start(tls: true);
        await using var phone = await Peers.ConnectTlsAsync(box.TlsEndPoint, protocols: protocol);

        await Peers.WriteAsync(phone, SipText.Options("TLS", "z9hG4bK-v" + (int)protocol));

        Assert.Equal(protocol, phone.SslProtocol);
        Assert.StartsWith("SIP/2.0 200 OK\r\n", await SipText.ReadMessageAsync(phone, Wait.Soon()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_PlainTextOnTheTlsPort_Refused()
    {
        await using var box = TransportHarness.Start(tls: true);
        using var plain = await Peers.ConnectTcpAsync(box.TlsEndPoint);

        await Peers.WriteAsync(plain.GetStream(), SipText.Options("TCP", "z9hG4bK-plain"));

        Assert.True(await Peers.IsClosedAsync(plain.GetStream()));
        Assert.False(box.Inbound.TryNext(out _));
    }

    [Fact]
    public async Task Tls_HandshakeNeverFinished_ClosedAtTheHandshakeTimeout()
    {
        await using var box = TransportHarness.Start(tls: true);
        using var phone = await Peers.ConnectTcpAsync(box.TlsEndPoint);
        await Peers.WriteAsync(phone.GetStream(), "\x16\x03\x01");
        await Wait.UntilAsync(() => box.Table.Count == 1, "the connection is in");

        box.Advance(box.Options.TlsHandshakeTimeout - TimeSpan.FromSeconds(2));
        Assert.False(await Peers.IsClosedAsync(phone.GetStream(), seconds: 0.3));
        box.Advance(TimeSpan.FromSeconds(4));

        Assert.True(await Peers.IsClosedAsync(phone.GetStream()));
    }

    [Fact]
    public async Task Tls_Slowloris_MessageNotFinishedInTimeIsCutOff()
    {
        await using var box = TransportHarness.Start(tls: true);
        await using var phone = await Peers.ConnectTlsAsync(box.TlsEndPoint);

        await Peers.WriteAsync(phone, SipText.Options("TLS", "z9hG4bK-tslow")[..80]);
        await box.UntilMessagePendingAsync();
        box.Advance(box.Options.MessageTimeout + TimeSpan.FromSeconds(2));

        Assert.True(await Peers.IsClosedAsync(phone));
    }

    [Fact]
    public async Task Tls_PerSourceLimit_ExtraConnectionFromTheSameAddressRefused()
    {
        await using var box = TransportHarness.Start(new SipTransportOptions { MaxConnectionsPerSource = 2 }, tls: true);
        await using var first = await Peers.ConnectTlsAsync(box.TlsEndPoint);
        await using var second = await Peers.ConnectTlsAsync(box.TlsEndPoint);

        await Assert.ThrowsAnyAsync<IOException>(() => Peers.ConnectTlsAsync(box.TlsEndPoint));
        await using var otherAddress = await Peers.ConnectTlsAsync(box.TlsEndPoint, from: IPAddress.Parse("127.0.0.2"));

        // TCP counts against the same share: the first address has none left.
        using var tcp = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        Assert.True(await Peers.IsClosedAsync(tcp.GetStream()));
        await Peers.WriteAsync(otherAddress, SipText.Options("TLS", "z9hG4bK-other"));
        Assert.Equal(IPAddress.Parse("127.0.0.2"), (await box.Inbound.NextAsync()).Source.EndPoint.Address);
    }

    [Fact]
    public async Task Tcp_TotalLimit_RefusedOnceFull()
    {
        await using var box = TransportHarness.Start(new SipTransportOptions { MaxConnections = 2 });
        using var first = await Peers.ConnectTcpAsync(box.TcpEndPoint, IPAddress.Parse("127.0.0.3"));
        using var second = await Peers.ConnectTcpAsync(box.TcpEndPoint, IPAddress.Parse("127.0.0.4"));
        await Wait.UntilAsync(() => box.Table.Count == 2, "two are in");

        using var third = await Peers.ConnectTcpAsync(box.TcpEndPoint, IPAddress.Parse("127.0.0.5"));

        Assert.True(await Peers.IsClosedAsync(third.GetStream()));
        Assert.False(await Peers.IsClosedAsync(first.GetStream(), seconds: 0.3));
    }
}
