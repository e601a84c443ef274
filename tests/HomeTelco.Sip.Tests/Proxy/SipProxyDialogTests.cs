using System.Net;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Proxy;

/// <summary>
/// The rest of a dialog after the INVITE: Record-Route with flow tokens steers BYE, re-INVITE and ACK over NAT'd
/// phones' flows; ACKs for 2xx and stray 2xx go through statelessly; a forged token is refused.
/// </summary>
public sealed class SipProxyDialogTests : IDisposable
{
    private const string Bob = "sip:102@" + ProxyFixture.Domain;
    private const string AliceUri = "sip:101@" + ProxyFixture.Domain;
    private readonly ProxyFixture _fixture;
    private readonly ProxyPhone _alice;

    public SipProxyDialogTests()
        : this(null)
    {
    }

    private SipProxyDialogTests(Func<IPAddress, IPAddress>? routeProbe)
    {
        _fixture = new ProxyFixture(routeProbe);
        _alice = new ProxyPhone(_fixture, "101", ProxyFixture.Udp("203.0.113.10", 40000), "10.0.0.5:5062");
    }

    public void Dispose() => _fixture.Dispose();

    /// <summary>Alice calls Bob's NAT'd (or TCP) phone and it answers: returns the INVITE Bob got and the 200 Alice got.</summary>
    private (ProxyPhone Bob, SipMessage InviteAtBob, SipMessage OkAtAlice) Establish(string callId, ProxyPhone? bob = null, string contact = "sip:102@10.0.0.6:5060")
    {
        bob ??= new ProxyPhone(_fixture, "102", ProxyFixture.Udp("203.0.113.20", 41000), "10.0.0.6:5060");
        _fixture.Register("102", contact, bob.Flow, behindNat: bob.Flow.Transport == SipTransportKind.Udp);
        _alice.Call(Bob, callId);
        var invite = Assert.Single(bob.Received("INVITE"));
        bob.Answer(invite, 200);
        var ok = _alice.LastResponse("INVITE");
        Assert.Equal(200, ok.StatusCode);
        return (bob, invite, ok);
    }

    private static List<string> RecordRoutes(SipMessage message) =>
        message.GetRecordRoutes().Value!.Select(r => "<" + r.Uri + ">").ToList();

    [Fact]
    public void Bye_FromTheCallee_GoesOverTheCallersFlowNotToItsPrivateContact()
    {
        var (bob, invite, _) = Establish("dialog-1");

        // The callee's route set is the Record-Route of the INVITE as received; its remote target is Alice's Contact.
        bob.Send(bob.InDialog("BYE", "sip:101@10.0.0.5:5062", RecordRoutes(invite), Bob, bob.Tag, AliceUri, _alice.Tag, "dialog-1", 1));

        var bye = Assert.Single(_alice.Received("BYE"));
        Assert.Equal("sip:101@10.0.0.5:5062", bye.RequestUri!.ToString());
        Assert.False(bye.Headers.Contains(SipHeaderKind.Route));
        Assert.Empty(_fixture.RequestsTo(ProxyFixture.Udp("10.0.0.5", 5062), "BYE"));
        Assert.Equal(2, bye.GetVias().Value!.Count);

        _alice.Answer(bye, 200);
        Assert.Equal(200, bob.LastResponse("BYE").StatusCode);
        var record = Assert.Single(_fixture.CallRecords());
        Assert.Equal(200, record.ResultCode);
        Assert.NotNull(record.EndedAt);
        Assert.Equal("Hung up by 102", record.Reason);
        Assert.Equal(0, _fixture.CallLog.ActiveCalls);
    }

    [Fact]
    public void Bye_FromTheCaller_GoesOverTheCalleesFlow()
    {
        var (bob, _, ok) = Establish("dialog-2");

        // The caller's route set is the 200's Record-Route reversed; its remote target is Bob's Contact.
        var routeSet = RecordRoutes(ok);
        routeSet.Reverse();
        _alice.Send(_alice.InDialog("BYE", "sip:102@10.0.0.6:5060", routeSet, AliceUri, _alice.Tag, Bob, bob.Tag, "dialog-2", 3));

        var bye = Assert.Single(bob.Received("BYE"));
        Assert.Equal("sip:102@10.0.0.6:5060", bye.RequestUri!.ToString());
        Assert.Equal("Hung up by 101", Assert.Single(_fixture.CallRecords()).Reason);
    }

    [Fact]
    public void ReInvite_InTheDialog_ForwardedWithoutAChallenge()
    {
        var (bob, _, ok) = Establish("dialog-3");

        _alice.Send(_alice.InDialog("INVITE", "sip:102@10.0.0.6:5060", RecordRoutes(ok), AliceUri, _alice.Tag, Bob, bob.Tag, "dialog-3", 3));

        Assert.Single(bob.Received("INVITE"), i => i.GetCSeq().Value!.Number == 3);
        Assert.Single(_alice.Responses("INVITE"), r => r.StatusCode == 407);
        Assert.Single(_fixture.CallRecords());
    }

    [Fact]
    public void Ack_For2xx_ForwardedStatelesslyOverTheCalleesFlow()
    {
        var (bob, _, ok) = Establish("dialog-4");
        var transactions = _fixture.Layer.Count;

        _alice.Send(_alice.InDialog("ACK", "sip:102@10.0.0.6:5060", RecordRoutes(ok), AliceUri, _alice.Tag, Bob, bob.Tag, "dialog-4", 2));

        var ack = Assert.Single(bob.Received("ACK"));
        Assert.Equal(2, ack.GetVias().Value!.Count);
        Assert.Equal(transactions, _fixture.Layer.Count);
    }

    [Fact]
    public void Ack_NotThroughThisProxy_Dropped()
    {
        var (bob, _, _) = Establish("dialog-5");

        // Same dialog, but no Route naming this proxy: forwarding it would make the box an open relay for ACKs.
        _alice.Send(_alice.InDialog("ACK", "sip:102@198.51.100.99:5060", [], AliceUri, _alice.Tag, Bob, bob.Tag, "dialog-5", 2));

        Assert.Empty(bob.Received("ACK"));
        Assert.Empty(_fixture.RequestsTo(ProxyFixture.Udp("198.51.100.99", 5060), "ACK"));
    }

    [Fact]
    public void Bye_WithATamperedFlowToken_Refused403()
    {
        var (bob, invite, _) = Establish("dialog-6");
        var route = RecordRoutes(invite)[0];
        var at = route.IndexOf(':', StringComparison.Ordinal) + 3;
        var forged = route[..at] + (route[at] == 'A' ? 'B' : 'A') + route[(at + 1)..];

        bob.Send(bob.InDialog("BYE", "sip:101@10.0.0.5:5062", [forged], Bob, bob.Tag, AliceUri, _alice.Tag, "dialog-6", 1));

        Assert.Equal(403, bob.LastResponse("BYE").StatusCode);
        Assert.Empty(_alice.Received("BYE"));
        Assert.Null(Assert.Single(_fixture.CallRecords()).EndedAt);
    }

    [Fact]
    public void Stray2xx_AfterTheTransactionsEnded_ForwardedStatelesslyToTheCaller()
    {
        var (bob, invite, _) = Establish("dialog-7");
        _fixture.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(0, _fixture.Layer.Count);

        // The callee never saw an ACK and sends its 200 again.
        var retransmission = SipResponseBuilder.CreateResponse(invite, 200, toTag: bob.Tag);
        _fixture.Receive(retransmission, bob.Flow);

        var oks = _alice.Responses("INVITE").Where(r => r.StatusCode == 200).ToList();
        Assert.Equal(2, oks.Count);
        Assert.Single(oks[1].GetVias().Value!);
    }

    [Fact]
    public void StrayResponse_NotThroughThisProxy_Dropped()
    {
        var foreign = ProxyFixture.Parse(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 198.51.100.1:5060;branch=z9hG4bK-x\r\nVia: SIP/2.0/UDP 198.51.100.2:5060;branch=z9hG4bK-y\r\n" +
            "From: <sip:a@example.org>;tag=1\r\nTo: <sip:b@example.org>;tag=2\r\nCall-ID: stray\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n");

        _fixture.Receive(foreign, ProxyFixture.Udp("198.51.100.1", 5060));

        Assert.Empty(_fixture.Transport.Sent);
    }

    [Fact]
    public void RecordRoute_CalleeOverTcp_TwoEntriesOnePerTransport()
    {
        var tcpBob = new ProxyPhone(_fixture, "102", ProxyFixture.Tcp("198.51.100.9", 50000, connection: 7), "10.0.0.9:5060");
        var (bob, invite, ok) = Establish("dialog-8", tcpBob, "sip:102@10.0.0.9:5060;transport=tcp");

        var entries = invite.GetRecordRoutes().Value!;
        Assert.Equal(2, entries.Count);
        Assert.Equal("tcp", entries[0].Uri!.Transport);
        Assert.Null(entries[1].Uri!.Transport);
        Assert.NotEqual(entries[0].Uri!.User, entries[1].Uri!.User);

        bob.Send(bob.InDialog("BYE", "sip:101@10.0.0.5:5062", RecordRoutes(invite), Bob, bob.Tag, AliceUri, _alice.Tag, "dialog-8", 1));
        Assert.Single(_alice.Received("BYE"));

        var routeSet = RecordRoutes(ok);
        routeSet.Reverse();
        _alice.Send(_alice.InDialog("INFO", "sip:102@10.0.0.9:5060;transport=tcp", routeSet, AliceUri, _alice.Tag, Bob, bob.Tag, "dialog-8", 3));
        var info = Assert.Single(_fixture.Transport.Sent, s => s.Message.IsRequest && s.Message.Method == "INFO");
        Assert.Equal(7, info.Destination.ConnectionId);
    }

    [Theory]
    [InlineData("tls", "127.0.0.1:5061")]
    [InlineData("ws", "127.0.0.1")]
    [InlineData("wss", "127.0.0.1")]
    public void RecordRoute_CalleeOverAnotherStream_ItsEntryNamesThatTransportAndStillRoutesBack(string parameter, string hostPort)
    {
        var transport = Enum.Parse<SipTransportKind>(parameter, ignoreCase: true);
        var streamBob = new ProxyPhone(_fixture, "102", ProxyFixture.Stream(transport, "198.51.100.9", 50001, connection: 9), "10.0.0.9:5061");
        var (bob, invite, ok) = Establish("dialog-" + parameter, streamBob, "sip:102@10.0.0.9:5061;transport=" + parameter);

        var entries = invite.GetRecordRoutes().Value!;
        Assert.Equal(2, entries.Count);
        Assert.Equal(parameter, entries[0].Uri!.Transport);
        Assert.Equal(hostPort, entries[0].Uri!.Host + (entries[0].Uri!.Port is { } port ? ":" + port : ""));
        Assert.Equal(ProxyFixture.Port, entries[1].Uri!.Port);

        bob.Send(bob.InDialog("BYE", "sip:101@10.0.0.5:5062", RecordRoutes(invite), Bob, bob.Tag, AliceUri, _alice.Tag, "dialog-" + parameter, 1));
        Assert.Single(_alice.Received("BYE"));

        var routeSet = RecordRoutes(ok);
        routeSet.Reverse();
        _alice.Send(_alice.InDialog("INFO", "sip:102@10.0.0.9:5061;transport=" + parameter, routeSet, AliceUri, _alice.Tag, Bob, bob.Tag, "dialog-" + parameter, 3));
        var info = Assert.Single(_fixture.Transport.Sent, s => s.Message.IsRequest && s.Message.Method == "INFO");
        Assert.Equal(transport, info.Destination.Transport);
        Assert.Equal(9, info.Destination.ConnectionId);
    }

    [Fact]
    public void RecordRoute_SidesReachTheBoxAtDifferentAddresses_TwoEntriesEachWithItsAddress()
    {
        using var test = new SipProxyDialogTests(peer => peer.Equals(IPAddress.Parse("203.0.113.10")) ? IPAddress.Parse("127.0.0.1") : IPAddress.Parse("127.0.0.2"));
        var (bob, invite, _) = test.Establish("dialog-9");

        var entries = invite.GetRecordRoutes().Value!;
        Assert.Equal(["127.0.0.2", "127.0.0.1"], entries.Select(e => e.Uri!.Host));

        bob.Send(bob.InDialog("BYE", "sip:101@10.0.0.5:5062", RecordRoutes(invite), Bob, bob.Tag, AliceUri, test._alice.Tag, "dialog-9", 1));
        Assert.Single(test._alice.Received("BYE"));
    }

    [Fact]
    public void Bye_FromAStrictRouter_RequestUriRestoredFromTheLastRoute()
    {
        var (bob, invite, _) = Establish("dialog-10");
        var ours = invite.GetRecordRoutes().Value![0].Uri!.ToString();

        // RFC 2543 strict routing: our entry is the Request-URI and the remote target is the last Route.
        bob.Send(bob.InDialog("BYE", ours, ["<sip:101@10.0.0.5:5062>"], Bob, bob.Tag, AliceUri, _alice.Tag, "dialog-10", 1));

        var bye = Assert.Single(_alice.Received("BYE"));
        Assert.Equal("sip:101@10.0.0.5:5062", bye.RequestUri!.ToString());
        Assert.False(bye.Headers.Contains(SipHeaderKind.Route));
    }
}
