using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Proxy;

/// <summary>Who may call, where a call goes, and the refusals on the way (RFC 3261 §16.3-16.6, §22.3).</summary>
public sealed class SipProxyRoutingTests : IDisposable
{
    private const string Bob = "sip:102@" + ProxyFixture.Domain;
    private readonly ProxyFixture _fixture = new();
    private readonly ProxyPhone _alice;

    public SipProxyRoutingTests()
    {
        // Alice's phone is behind NAT: its Contact is private, its packets come from the router's public address.
        _alice = new ProxyPhone(_fixture, "101", ProxyFixture.Udp("203.0.113.10", 40000), "10.0.0.5:5062");
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void Invite_WithoutCredentials_Challenged407AndNothingForwarded()
    {
        var bob = _fixture.Register("102", "sip:102@198.51.100.7:5060", ProxyFixture.Udp("198.51.100.7", 5060));

        _alice.Send(_alice.Request("INVITE", Bob, "call-1", withSdp: true));

        var challenge = _alice.LastResponse("INVITE");
        Assert.Equal(407, challenge.StatusCode);
        // MD5 alone: a SHA-256 challenge beside it makes libre-based phones (baresip) give up (SipAuthenticator).
        var offered = Assert.Single(challenge.GetCredentials(SipHeaderKind.ProxyAuthenticate).Value!);
        Assert.Equal("MD5", offered.Get("algorithm"));
        Assert.Equal(_fixture.Realm, offered.Get("realm"));
        Assert.Empty(_fixture.RequestsTo(bob.Flow, "INVITE"));
        Assert.Empty(_fixture.CallRecords());
    }

    [Fact]
    public void Invite_Authenticated_ForwardedToTheBindingWithOwnViaRecordRouteAndOneHopLess()
    {
        var bob = _fixture.Register("102", "sip:102@198.51.100.7:5060", ProxyFixture.Udp("198.51.100.7", 5060));

        var sent = _alice.Call(Bob, "call-2");

        var forwarded = Assert.Single(_fixture.RequestsTo(bob.Flow, "INVITE"));
        Assert.Equal("sip:102@198.51.100.7:5060", forwarded.RequestUri!.ToString());
        Assert.True(forwarded.TryGetMaxForwards(out var hops));
        Assert.Equal(69, hops);
        var vias = forwarded.GetVias().Value!;
        Assert.Equal(2, vias.Count);
        Assert.Equal("127.0.0.1", vias[0].Host);
        Assert.Equal(ProxyFixture.Port, vias[0].Port);
        Assert.NotNull(vias[0].Get("ht-flow"));
        Assert.Equal(sent.GetTopVia().Value!.Branch, vias[1].Branch);
        Assert.Equal("203.0.113.10", vias[1].Received);
        var recordRoute = Assert.Single(forwarded.GetRecordRoutes().Value!);
        Assert.Equal("127.0.0.1", recordRoute.Uri!.Host);
        Assert.True(recordRoute.Uri.IsLooseRouter);
        Assert.NotNull(recordRoute.Uri.User);
        Assert.False(forwarded.Headers.Contains(SipHeaderKind.ProxyAuthorization));
        Assert.Equal(sent.Body.ToArray(), forwarded.Body.ToArray());
    }

    [Fact]
    public void Invite_BehindNat_SentToTheFlowNotThePrivateContact()
    {
        var flow = ProxyFixture.Udp("203.0.113.20", 41000);
        _fixture.Register("102", "sip:102@10.0.0.6:5060", flow, behindNat: true);

        _alice.Call(Bob, "call-nat");

        var forwarded = Assert.Single(_fixture.RequestsTo(flow, "INVITE"));
        Assert.Equal("sip:102@10.0.0.6:5060", forwarded.RequestUri!.ToString());
        Assert.Empty(_fixture.RequestsTo(ProxyFixture.Udp("10.0.0.6", 5060), "INVITE"));
    }

    [Fact]
    public void Invite_TcpBinding_SentOverItsConnection()
    {
        var flow = ProxyFixture.Tcp("198.51.100.7", 50123, connection: 42);
        _fixture.Register("102", "sip:102@198.51.100.7:5060;transport=tcp", flow);

        _alice.Call(Bob, "call-tcp");

        var sent = Assert.Single(_fixture.Transport.Sent, s => s.Message.IsRequest && s.Message.Method == "INVITE" && s.Destination.Transport == SipTransportKind.Tcp);
        Assert.Equal(42, sent.Destination.ConnectionId);
    }

    [Fact]
    public void Invite_WithPath_PathBecomesRouteAndItsFirstEntryTheNextHop()
    {
        var flow = ProxyFixture.Udp("198.51.100.50", 5060);
        _fixture.Register("102", "sip:102@10.9.9.9:5060", flow, path: ["<sip:edge.example;lr>"]);

        _alice.Call(Bob, "call-path");

        var forwarded = Assert.Single(_fixture.RequestsTo(flow, "INVITE"));
        var route = Assert.Single(forwarded.GetRoutes().Value!);
        Assert.Equal("edge.example", route.Uri!.Host);
    }

    [Fact]
    public void Invite_CredentialsOfAnotherExtension_Refused403()
    {
        _fixture.Register("102", "sip:102@198.51.100.7:5060", ProxyFixture.Udp("198.51.100.7", 5060));
        var first = _alice.Request("INVITE", Bob, "call-3", fromNumber: "103");
        _alice.Send(first);
        var challenge = _alice.LastResponse("INVITE");

        // Alice's password, but the From says 103.
        _alice.Send(_alice.Request("INVITE", Bob, "call-3", 2, _alice.Authorization(challenge, "INVITE", Bob), fromNumber: "103"));

        var refusal = _alice.LastResponse("INVITE");
        Assert.Equal(403, refusal.StatusCode);
        Assert.DoesNotContain(_fixture.Transport.Sent, s => s.Message.IsRequest);
    }

    [Fact]
    public void Invite_UnknownExtension_404OnlyAfterAuthentication()
    {
        var first = _alice.Request("INVITE", "sip:555@" + ProxyFixture.Domain, "call-4");
        _alice.Send(first);
        Assert.Equal(407, _alice.LastResponse("INVITE").StatusCode);

        _alice.Call("sip:555@" + ProxyFixture.Domain, "call-4b");

        Assert.Equal(404, _alice.LastResponse("INVITE").StatusCode);
        var record = Assert.Single(_fixture.CallRecords());
        Assert.Equal(404, record.ResultCode);
        Assert.Equal("101", record.CallerNumber);
        Assert.Equal("555", record.Callee);
        Assert.NotNull(record.EndedAt);
    }

    [Fact]
    public void Invite_ExtensionWithoutBindings_480()
    {
        _alice.Call(Bob, "call-5");

        Assert.Equal(480, _alice.LastResponse("INVITE").StatusCode);
        Assert.Equal(480, Assert.Single(_fixture.CallRecords()).ResultCode);
    }

    [Fact]
    public void Invite_ForeignDomainFromForeignCaller_Refused403WithoutAChallenge()
    {
        _alice.Send(_alice.Request("INVITE", "sip:+15551234@voip.example.org", "relay-1", fromNumber: "scanner", fromDomain: "example.net"));

        var refusal = _alice.LastResponse("INVITE");
        Assert.Equal(403, refusal.StatusCode);
        Assert.False(refusal.Headers.Contains(SipHeaderKind.ProxyAuthenticate));
        Assert.DoesNotContain(_fixture.Transport.Sent, s => s.Message.IsRequest);
        Assert.Empty(_fixture.CallRecords());
    }

    [Fact]
    public void Invite_ForeignDomainFromAuthenticatedPhone_Refused403NoTrunk()
    {
        _alice.Call("sip:carol@voip.example.org", "call-6");

        var refusal = _alice.LastResponse("INVITE");
        Assert.Equal(403, refusal.StatusCode);
        Assert.Equal("No trunk for voip.example.org", refusal.ReasonPhrase);
        Assert.DoesNotContain(_fixture.Transport.Sent, s => s.Message.IsRequest);
        Assert.Equal(403, Assert.Single(_fixture.CallRecords()).ResultCode);
    }

    [Fact]
    public void Invite_PreloadedRouteToAnotherProxy_TreatedAsForeign()
    {
        _fixture.Register("102", "sip:102@198.51.100.7:5060", ProxyFixture.Udp("198.51.100.7", 5060));

        _alice.Call(Bob, "call-7", extra: "Route: <sip:127.0.0.1:5060;lr>, <sip:other-proxy.example;lr>\r\n");

        Assert.Equal(403, _alice.LastResponse("INVITE").StatusCode);
    }

    [Fact]
    public void Invite_OwnRouteOnly_PoppedAndRoutedToTheExtension()
    {
        var bob = _fixture.Register("102", "sip:102@198.51.100.7:5060", ProxyFixture.Udp("198.51.100.7", 5060));

        _alice.Call(Bob, "call-8", extra: "Route: <sip:127.0.0.1:5060;lr>\r\n");

        var forwarded = Assert.Single(_fixture.RequestsTo(bob.Flow, "INVITE"));
        Assert.False(forwarded.Headers.Contains(SipHeaderKind.Route));
    }

    [Fact]
    public void Invite_MaxForwardsZero_483()
    {
        _alice.Send(_alice.Request("INVITE", Bob, "call-9", maxForwards: 0));

        Assert.Equal(483, _alice.LastResponse("INVITE").StatusCode);
    }

    [Fact]
    public void Invite_WithoutMaxForwards_ForwardedWith70()
    {
        var bob = _fixture.Register("102", "sip:102@198.51.100.7:5060", ProxyFixture.Udp("198.51.100.7", 5060));
        var first = _alice.Request("INVITE", Bob, "call-10", maxForwards: null);
        _alice.Send(first);
        var challenge = _alice.LastResponse("INVITE");

        _alice.Send(_alice.Request("INVITE", Bob, "call-10", 2, _alice.Authorization(challenge, "INVITE", Bob), maxForwards: null));

        var forwarded = Assert.Single(_fixture.RequestsTo(bob.Flow, "INVITE"));
        Assert.True(forwarded.TryGetMaxForwards(out var hops));
        Assert.Equal(70, hops);
    }

    [Fact]
    public void Invite_UnsupportedProxyRequire_420NamingTheExtension()
    {
        _alice.Send(_alice.Request("INVITE", Bob, "call-11", extra: "Proxy-Require: foo, bar\r\n"));

        var refusal = _alice.LastResponse("INVITE");
        Assert.Equal(420, refusal.StatusCode);
        Assert.Equal("foo, bar", refusal.Headers.GetFirstValue("Unsupported"));
    }

    [Fact]
    public void Message_ToAnExtension_ForwardedWithoutRecordRoute()
    {
        var bob = _fixture.Register("102", "sip:102@198.51.100.7:5060", ProxyFixture.Udp("198.51.100.7", 5060));
        _alice.Send(_alice.Request("MESSAGE", Bob, "msg-1"));
        var challenge = _alice.LastResponse("MESSAGE");
        _alice.Send(_alice.Request("MESSAGE", Bob, "msg-1", 2, _alice.Authorization(challenge, "MESSAGE", Bob)));

        var forwarded = Assert.Single(_fixture.RequestsTo(bob.Flow, "MESSAGE"));
        Assert.False(forwarded.Headers.Contains(SipHeaderKind.RecordRoute));

        new ProxyPhone(_fixture, "102", bob.Flow, "198.51.100.7:5060").Answer(forwarded, 200);

        Assert.Equal(200, _alice.LastResponse("MESSAGE").StatusCode);
        Assert.Empty(_fixture.CallRecords());
    }
}
