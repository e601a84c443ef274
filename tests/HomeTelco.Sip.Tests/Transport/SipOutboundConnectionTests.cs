using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

/// The box reaching a phone that has no connection to it (RFC 3261 §18.1.1, §18.2.2): over real loopback sockets.
public sealed class SipOutboundConnectionTests
{
    [Fact]
    public async Task Send_TwoRequestsToAPhoneWithoutConnection_OneConnectionOpenedAndReusedInOrder()
    {
        await using var box = TransportHarness.Start();
        using var phone = new TcpListener(IPAddress.Loopback, 0);
        phone.Start();
        var destination = new SipEndPoint(SipTransportKind.Tcp, (IPEndPoint)phone.LocalEndpoint);

        box.Sender.Send(SipText.Parse(SipText.Options("TCP", "z9hG4bK-out1")), destination);
        box.Sender.Send(SipText.Parse(SipText.Options("TCP", "z9hG4bK-out2")), destination);

        using var accepted = await phone.AcceptTcpClientAsync(Wait.Soon());
        var stream = accepted.GetStream();
        var reader = new SipStreamReaderForTests(stream);
        Assert.Contains("branch=z9hG4bK-out1", await reader.NextAsync(Wait.Soon()), StringComparison.Ordinal);
        Assert.Contains("branch=z9hG4bK-out2", await reader.NextAsync(Wait.Soon()), StringComparison.Ordinal);
        box.Sender.Send(SipText.Parse(SipText.Options("TCP", "z9hG4bK-out3")), destination);
        Assert.Contains("branch=z9hG4bK-out3", await reader.NextAsync(Wait.Soon()), StringComparison.Ordinal);
        Assert.False(phone.Pending());
        Assert.Equal(1, box.Table.Count);

        // The phone's answer comes back over the connection the box opened, named by its id.
        var opened = box.Table.FindByRemote(SipTransportKind.Tcp, destination.EndPoint)!;
        await stream.WriteAsync(SipText.Bytes(ResponseText("z9hG4bK-out1")));
        var (result, source) = await box.Inbound.NextAsync();
        Assert.Equal(200, result.Message!.StatusCode);
        Assert.Equal(opened.Id, source.ConnectionId);
    }

    [Fact]
    public async Task Send_RequestToAFlow_GoesOverThePhonesOwnConnection()
    {
        await using var box = TransportHarness.Start();
        using var phone = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        await Peers.WriteAsync(phone.GetStream(), SipText.Options("TCP", "z9hG4bK-register"));
        var reader = new SipStreamReaderForTests(phone.GetStream());
        var flow = (await box.Inbound.NextAsync()).Source;
        await reader.NextAsync(Wait.Soon());

        box.Sender.Send(SipText.Parse(SipText.Options("TCP", "z9hG4bK-to-flow")), flow);

        Assert.Contains("branch=z9hG4bK-to-flow", await reader.NextAsync(Wait.Soon()), StringComparison.Ordinal);
        Assert.Equal(1, box.Table.Count);
    }

    [Fact]
    public async Task Send_ConnectionIdOfAnotherPeer_NotUsedForThisDestination()
    {
        await using var box = TransportHarness.Start();
        var user = new ClientUser();
        using var layer = new SipTransactionLayer(box.Sender, user, box.Time);
        box.Sender.SendFailed = layer.ReportSendFailure;
        box.Table.SendFailed = layer.ReportSendFailure;
        using var phone = await Peers.ConnectTcpAsync(box.TcpEndPoint);
        await Peers.WriteAsync(phone.GetStream(), SipText.Options("TCP", "z9hG4bK-mine"));
        var id = (await box.Inbound.NextAsync()).Source.ConnectionId;
        await SipText.ReadMessageAsync(phone.GetStream(), Wait.Soon());

        // A stale id (say, stored before a restart) that now names this phone's connection, with another address.
        layer.StartClientTransaction(SipText.Parse(SipText.Options("TCP", "z9hG4bK-stale")), new SipEndPoint(SipTransportKind.Tcp, ClosedPort(), id), user);

        Assert.Equal(503, (await user.Response.Task.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Equal(0, phone.Available);
    }

    [Fact]
    public async Task Send_ConnectionRefused_ClientTransactionEndsWith503()
    {
        await using var box = TransportHarness.Start();
        var user = new ClientUser();
        using var layer = new SipTransactionLayer(box.Sender, user, box.Time);
        box.Sender.SendFailed = layer.ReportSendFailure;
        box.Table.SendFailed = layer.ReportSendFailure;

        layer.StartClientTransaction(SipText.Parse(SipText.Options("TCP", "z9hG4bK-refused")), new SipEndPoint(SipTransportKind.Tcp, ClosedPort()), user);

        Assert.Equal(503, (await user.Response.Task.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        await Wait.UntilAsync(() => box.Table.Count == 0, "the failed connection is gone");
    }

    [Fact]
    public async Task Send_TlsPeerNeverAnswersTheHandshake_ConnectTimesOutAndTheRequestFails()
    {
        await using var box = TransportHarness.Start();
        var user = new ClientUser();
        using var layer = new SipTransactionLayer(box.Sender, user, box.Time);
        box.Sender.SendFailed = layer.ReportSendFailure;
        box.Table.SendFailed = layer.ReportSendFailure;
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();

        layer.StartClientTransaction(SipText.Parse(SipText.Options("TLS", "z9hG4bK-silent")), new SipEndPoint(SipTransportKind.Tls, (IPEndPoint)silent.LocalEndpoint), user);
        using var accepted = await silent.AcceptTcpClientAsync(Wait.Soon());
        box.Advance(box.Options.ConnectTimeout + box.Options.TlsHandshakeTimeout + TimeSpan.FromSeconds(2));

        Assert.Equal(503, (await user.Response.Task.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.True(await Peers.IsClosedAsync(accepted.GetStream()));
    }

    [Fact]
    public async Task Send_ToATlsPhone_OpensTls()
    {
        await using var box = TransportHarness.Start();
        using var phone = new TcpListener(IPAddress.Loopback, 0);
        phone.Start();

        box.Sender.Send(SipText.Parse(SipText.Options("TLS", "z9hG4bK-tlsout")), new SipEndPoint(SipTransportKind.Tls, (IPEndPoint)phone.LocalEndpoint));

        using var accepted = await phone.AcceptTcpClientAsync(Wait.Soon());
        await using var tls = new SslStream(accepted.GetStream());
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = TestCertificates.Phone }, Wait.Soon());
        Assert.Contains("branch=z9hG4bK-tlsout", await SipText.ReadMessageAsync(tls, Wait.Soon()), StringComparison.Ordinal);
        Assert.Equal(1, box.Table.CountOf(SipTransportKind.Tls));
    }

    [Fact]
    public async Task Send_ResponseWhoseConnectionClosed_GoesOverANewOneToTheViaSentBy()
    {
        await using var box = TransportHarness.Start();
        using var phone = new TcpListener(IPAddress.Loopback, 0);
        phone.Start();
        var sentByPort = ((IPEndPoint)phone.LocalEndpoint).Port;
        var request = SipText.Parse(SipText.Options("TCP", "z9hG4bK-gone").Replace("127.0.0.1:5999;branch=z9hG4bK-gone;rport", $"phone.invalid:{sentByPort};branch=z9hG4bK-gone;received=127.0.0.1", StringComparison.Ordinal));

        // The request came over connection 4242 from an ephemeral port; that connection is gone (§18.2.2).
        box.Sender.Send(SipResponseBuilder.CreateResponse(request, 200), new SipEndPoint(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Loopback, 1), 4242));

        using var accepted = await phone.AcceptTcpClientAsync(Wait.Soon());
        Assert.StartsWith("SIP/2.0 200 OK\r\n", await SipText.ReadMessageAsync(accepted.GetStream(), Wait.Soon()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WebSocketDestinationWithoutConnection_ReportedAsFailed()
    {
        await using var box = TransportHarness.Start();
        var user = new ClientUser();
        using var layer = new SipTransactionLayer(box.Sender, user, box.Time);
        box.Sender.SendFailed = layer.ReportSendFailure;

        layer.StartClientTransaction(SipText.Parse(SipText.Options("WS", "z9hG4bK-ws")), new SipEndPoint(SipTransportKind.Ws, new IPEndPoint(IPAddress.Loopback, 80), 99), user);

        // The box cannot call a browser back: the failure is immediate.
        Assert.Equal(503, (await user.Response.Task.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Equal(0, box.Table.Count);
    }

    private static string ResponseText(string branch) =>
        "SIP/2.0 200 OK\r\n" +
        $"Via: SIP/2.0/TCP 127.0.0.1:5999;branch={branch}\r\n" +
        "From: <sip:tester@example.invalid>;tag=t1\r\n" +
        "To: <sip:box@127.0.0.1>;tag=p1\r\n" +
        $"Call-ID: {branch}@test\r\n" +
        "CSeq: 1 OPTIONS\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static IPEndPoint ClosedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var endPoint = (IPEndPoint)probe.LocalEndpoint;
        probe.Stop();
        return endPoint;
    }

    /// The TU of the client transactions: the first final response it is told about.
    private sealed class ClientUser : ISipTransactionUser, ISipClientTransactionUser
    {
        public TaskCompletionSource<SipMessage> Response { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void OnResponse(SipClientTransaction transaction, SipMessage response)
        {
            if (response.StatusCode >= 200)
            {
                Response.TrySetResult(response);
            }
        }

        public void OnRequest(SipServerTransaction transaction, SipMessage request)
        {
        }

        public void OnAck(SipMessage ack, SipEndPoint source)
        {
        }

        public void OnStrayResponse(SipMessage response, SipEndPoint source)
        {
        }

        public void OnServerTransactionTimedOut(SipServerTransaction transaction)
        {
        }
    }
}
