using System.Net;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Registrar;

/// <summary>How a REGISTER changes an extension's bindings (RFC 3261 §10.3 steps 6-8, RFC 3327, RFC 5626).</summary>
public sealed class SipRegistrarBindingTests
{
    private static readonly SipEndPoint Tcp = new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 49152), 7);

    private static string[] Contacts(SipMessage response) =>
        [.. response.Headers.Where(h => h.Kind == SipHeaderKind.Contact).Select(h => h.Value)];

    private static string[] Named(SipMessage response, string name) =>
        [.. response.Headers.Where(h => string.Equals(h.Name, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value)];

    [Fact]
    public void OnRegister_SeveralContacts_HighestQFirstInLookupAndResponse()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(
            ["<sip:101@192.0.2.10:5060>;q=0.5", "<sip:101@192.0.2.11:5060>;q=0.9, <sip:101@192.0.2.12:5060>"], "600");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(
            ["<sip:101@192.0.2.12:5060>;expires=600", "<sip:101@192.0.2.11:5060>;expires=600;q=0.9", "<sip:101@192.0.2.10:5060>;expires=600;q=0.5"],
            Contacts(response));
        Assert.Equal([1f, 0.9f, 0.5f], fixture.Location.Lookup("101").Select(b => b.Q));
    }

    [Fact]
    public void OnRegister_MalformedQ_400()
    {
        using var fixture = new RegistrarFixture();

        Assert.Equal(400, new TestPhone(fixture).Register(["<sip:101@192.0.2.10:5060>;q=1.5"]).StatusCode);
    }

    [Fact]
    public void OnRegister_Refresh_SameBindingNewExpiry()
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture);
        phone.Register(expires: "600");
        var first = Assert.Single(fixture.Location.Lookup("101"));

        fixture.Time.Advance(TimeSpan.FromSeconds(300));
        // Equivalent by RFC 3261 §19.1.4 (scheme and host are case-insensitive), though not byte-equal.
        var response = phone.Register(["<SIP:101@192.0.2.10:5060>"], "600");

        Assert.Single(Contacts(response));
        Assert.EndsWith(";expires=600", Contacts(response)[0], StringComparison.Ordinal);
        var refreshed = Assert.Single(fixture.Location.Lookup("101"));
        Assert.Equal(first.Id, refreshed.Id);
        Assert.Equal(fixture.Time.GetUtcNow().AddSeconds(600), refreshed.ExpiresAt);
    }

    [Fact]
    public void OnRegister_SecondDevice_ResponseListsBothWithTimeLeft()
    {
        using var fixture = new RegistrarFixture();
        new TestPhone(fixture).Register(expires: "600");
        fixture.Time.Advance(TimeSpan.FromSeconds(100));
        var desk = new TestPhone(fixture, source: new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.20"), 5062)));

        var response = desk.Register(expires: "600");

        Assert.Equal(["<sip:101@192.0.2.20:5062>;expires=600", "<sip:101@192.0.2.10:5060>;expires=500"], Contacts(response));
    }

    [Fact]
    public void OnRegister_ExpiresZero_RemovesThatContactOnly()
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture);
        phone.Register(["<sip:101@192.0.2.10:5060>", "<sip:101@192.0.2.11:5060>"]);

        var response = phone.Register(["<sip:101@192.0.2.11:5060>;expires=0"]);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["<sip:101@192.0.2.10:5060>;expires=3600"], Contacts(response));
    }

    [Fact]
    public void OnRegister_WildcardWithExpiresZero_RemovesEveryBinding()
    {
        using var fixture = new RegistrarFixture();
        new TestPhone(fixture).Register(["<sip:101@192.0.2.10:5060>", "<sip:101@192.0.2.11:5060>"]);
        var other = new TestPhone(fixture, source: new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("192.0.2.20"), 5060)));

        var response = other.Register(["*"], "0");

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(Contacts(response));
        Assert.Empty(fixture.Location.Lookup("101"));
        Assert.Equal(0, fixture.Location.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("60")]
    public void OnRegister_WildcardWithoutExpiresZero_400(string? expires)
    {
        using var fixture = new RegistrarFixture();

        Assert.Equal(400, new TestPhone(fixture).Register(["*"], expires).StatusCode);
    }

    [Fact]
    public void OnRegister_WildcardBesideAnotherContact_400()
    {
        using var fixture = new RegistrarFixture();

        Assert.Equal(400, new TestPhone(fixture).Register(["*", "<sip:101@192.0.2.10>"], "0").StatusCode);
    }

    [Fact]
    public void OnRegister_NoContact_QueryListsBindingsAndChangesNothing()
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture);
        phone.Register(expires: "600");
        var before = fixture.Location.Lookup("101");
        fixture.Time.Advance(TimeSpan.FromSeconds(10));

        var response = phone.Register([]);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["<sip:101@192.0.2.10:5060>;expires=590"], Contacts(response));
        Assert.Equal(before, fixture.Location.Lookup("101"));
    }

    [Fact]
    public void OnRegister_SameCallIdLowerCSeq_500AndBindingUntouched()
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture) { CSeq = 10 };
        phone.Register(expires: "600");
        var before = Assert.Single(fixture.Location.Lookup("101"));

        // A delayed REGISTER of the same phone (same Call-ID, older CSeq) must not undo the newer one.
        phone.CSeq = 5;
        var response = phone.Register(expires: "0");

        Assert.Equal(500, response.StatusCode);
        Assert.Same(before, Assert.Single(fixture.Location.Lookup("101")));
    }

    [Fact]
    public void OnRegister_WildcardOlderThanBinding_500()
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture) { CSeq = 10 };
        phone.Register();

        phone.CSeq = 3;
        Assert.Equal(500, phone.Register(["*"], "0").StatusCode);
        Assert.Single(fixture.Location.Lookup("101"));
    }

    [Fact]
    public void OnRegister_OtherCallIdLowerCSeq_Updates()
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture) { CSeq = 10 };
        phone.Register(expires: "600");

        // A rebooted phone starts a new Call-ID with a low CSeq: that is a new registration, not a stale one.
        var rebooted = new TestPhone(fixture) { CSeq = 1 };
        var response = rebooted.Register(expires: "900");

        Assert.Equal(200, response.StatusCode);
        var binding = Assert.Single(fixture.Location.Lookup("101"));
        Assert.Equal(rebooted.CallId, binding.CallId);
        Assert.Equal(fixture.Time.GetUtcNow().AddSeconds(900), binding.ExpiresAt);
    }

    [Fact]
    public void OnRegister_SameContactTwiceInOneRequest_LastOneWins()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(["<sip:101@192.0.2.10:5060>;expires=600", "<sip:101@192.0.2.10:5060>;expires=900"]);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["<sip:101@192.0.2.10:5060>;expires=900"], Contacts(response));
    }

    [Fact]
    public void OnRegister_MoreContactsThanTheLimit_OldestDropped()
    {
        using var fixture = new RegistrarFixture(new() { MaxContactsPerExtension = 3 });
        for (var i = 1; i <= 3; i++)
        {
            new TestPhone(fixture).Register([$"<sip:101@192.0.2.{i}:5060>"]);
            fixture.Time.Advance(TimeSpan.FromSeconds(10));
        }

        var response = new TestPhone(fixture).Register(["<sip:101@192.0.2.4:5060>"]);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(
            ["sip:101@192.0.2.2:5060", "sip:101@192.0.2.3:5060", "sip:101@192.0.2.4:5060"],
            fixture.Location.Lookup("101").Select(b => b.Contact).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void OnRegister_MoreContactsInOneRequestThanTheLimit_403()
    {
        using var fixture = new RegistrarFixture(new() { MaxContactsPerExtension = 2 });

        var response = new TestPhone(fixture).Register(["<sip:101@192.0.2.1>", "<sip:101@192.0.2.2>", "<sip:101@192.0.2.3>"]);

        Assert.Equal(403, response.StatusCode);
        Assert.Empty(fixture.Location.Lookup("101"));
    }

    [Fact]
    public void OnRegister_BoxFull_503AndNothingStored()
    {
        using var fixture = new RegistrarFixture(locationOptions: new() { MaxBindings = 1 });
        new TestPhone(fixture).Register();

        var response = new TestPhone(fixture, "102", RegistrarFixture.Password + "-bob").Register();

        Assert.Equal(503, response.StatusCode);
        Assert.Empty(fixture.Location.Lookup("102"));
        Assert.Equal(1, fixture.Location.Count);
    }

    [Fact]
    public void OnRegister_PathWithSupportedPath_StoredAndEchoed()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(
            null, "600", "Supported: path", "Path: <sip:edge2.example;lr>", "Path: <sip:edge1.example;lr>");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["<sip:edge2.example;lr>", "<sip:edge1.example;lr>"], Named(response, "Path"));
        Assert.Equal(["<sip:edge2.example;lr>", "<sip:edge1.example;lr>"], Assert.Single(fixture.Location.Lookup("101")).Path);
    }

    [Fact]
    public void OnRegister_PathWithoutSupportedPath_421RequirePath()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(null, "600", "Path: <sip:edge.example;lr>");

        Assert.Equal(421, response.StatusCode);
        Assert.Equal(["path"], Named(response, "Require"));
        Assert.Empty(fixture.Location.Lookup("101"));
    }

    [Fact]
    public void OnRegister_OutboundOverTcp_RequireOutboundAndNewFlowReplacesOld()
    {
        using var fixture = new RegistrarFixture();
        const string Instance = "+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\"";
        var phone = new TestPhone(fixture, source: Tcp);

        var first = phone.Register([$"<sip:101@192.0.2.10:5060;transport=tcp>;{Instance};reg-id=1"], "600", "Supported: path, outbound");

        Assert.Equal(200, first.StatusCode);
        Assert.Equal(["outbound"], Named(first, "Require"));
        Assert.Equal(
            ["<sip:101@192.0.2.10:5060;transport=tcp>;expires=600;+sip.instance=\"<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>\";reg-id=1"],
            Contacts(first));

        // The phone reconnects (new connection, new port) and registers the same instance and reg-id with another
        // contact: the new flow replaces the old binding instead of adding one.
        phone.Source = new SipEndPoint(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("192.0.2.10"), 49999), 8);
        var second = phone.Register([$"<sip:101@192.0.2.10:5070;transport=tcp>;{Instance};reg-id=1"], "600", "Supported: outbound");

        Assert.Equal(200, second.StatusCode);
        var binding = Assert.Single(fixture.Location.Lookup("101"));
        Assert.Equal(8, binding.Flow.ConnectionId);
        Assert.Equal("sip:101@192.0.2.10:5070;transport=tcp", binding.Contact);
        Assert.Equal("<urn:uuid:00000000-0000-1000-8000-AABBCCDDEEFF>", binding.InstanceId);
        Assert.Equal(1, binding.RegId);
        Assert.True(binding.IsOutbound);
    }

    [Fact]
    public void OnRegister_OverTcp_PinsTheConnectionPastTheBindingsExpiry()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture, source: Tcp).Register(["<sip:101@10.0.0.5:5060;transport=tcp>"], "1800");

        Assert.Equal(200, response.StatusCode);
        var pin = Assert.Single(fixture.Pins);
        Assert.Equal(7, pin.ConnectionId);
        Assert.Equal(fixture.Time.GetUtcNow().AddSeconds(1800 + 30), pin.Until);
    }

    [Fact]
    public void OnRegister_OverUdp_PinsNothing()
    {
        using var fixture = new RegistrarFixture();

        Assert.Equal(200, new TestPhone(fixture).Register().StatusCode);

        Assert.Empty(fixture.Pins);
    }

    [Fact]
    public void NatUdpFlows_OnlyUnexpiredUdpBindingsBehindNat()
    {
        using var fixture = new RegistrarFixture();
        var natSource = new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("198.51.100.7"), 40000));
        Assert.Equal(200, new TestPhone(fixture, source: natSource).Register(["<sip:101@10.0.0.5:5060>"], "120").StatusCode);
        Assert.Equal(200, new TestPhone(fixture, "102", RegistrarFixture.Password + "-bob").Register(expires: "3600").StatusCode);
        Assert.Equal(200, new TestPhone(fixture, source: Tcp).Register(["<sip:101@10.0.0.6:5060;transport=tcp>"], "3600").StatusCode);

        Assert.Equal([natSource], fixture.Location.NatUdpFlows());

        fixture.Time.Advance(TimeSpan.FromSeconds(121));
        Assert.Empty(fixture.Location.NatUdpFlows());
    }

    [Fact]
    public void OnRegister_RegIdWithoutSupportedOutbound_NoRequireHeader()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture, source: Tcp).Register(["<sip:101@192.0.2.10;transport=tcp>;+sip.instance=\"<urn:uuid:1>\";reg-id=1"]);

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(Named(response, "Require"));
    }

    [Fact]
    public void OnRegister_RegIdWithoutInstance_PlainBinding()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture, source: Tcp).Register(["<sip:101@192.0.2.10;transport=tcp>;reg-id=1"], null, "Supported: outbound");

        Assert.Empty(Named(response, "Require"));
        var binding = Assert.Single(fixture.Location.Lookup("101"));
        Assert.Null(binding.RegId);
        Assert.False(binding.IsOutbound);
    }

    [Fact]
    public void OnRegister_EdgeProxyWithoutOb_NotTreatedAsOutbound()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(
            ["<sip:101@192.0.2.10>;+sip.instance=\"<urn:uuid:1>\";reg-id=1"], null, "Supported: path, outbound", "Path: <sip:edge.example;lr>");

        Assert.Equal(200, response.StatusCode);
        Assert.Empty(Named(response, "Require"));
        Assert.False(Assert.Single(fixture.Location.Lookup("101")).IsOutbound);
    }

    [Fact]
    public void OnRegister_EdgeProxyWithOb_Outbound()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(
            ["<sip:101@192.0.2.10>;+sip.instance=\"<urn:uuid:1>\";reg-id=1"], null, "Supported: path, outbound", "Path: <sip:edge.example;lr;ob>");

        Assert.Equal(["outbound"], Named(response, "Require"));
        Assert.True(Assert.Single(fixture.Location.Lookup("101")).IsOutbound);
    }

    [Fact]
    public void OnRegister_TwoRegIdContacts_400()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(
            ["<sip:101@192.0.2.10>;+sip.instance=\"<urn:uuid:1>\";reg-id=1", "<sip:101@192.0.2.10:5070>;+sip.instance=\"<urn:uuid:1>\";reg-id=2"]);

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public void Update_EditorAborts_NothingChanges()
    {
        using var fixture = new RegistrarFixture();
        new TestPhone(fixture).Register();

        var outcome = fixture.Location.Update("101", 0, static (_, _) => null, out var current);

        Assert.Equal(SipBindingUpdate.Aborted, outcome);
        Assert.Single(current);
        Assert.Single(fixture.Location.Lookup("101"));
    }
}
