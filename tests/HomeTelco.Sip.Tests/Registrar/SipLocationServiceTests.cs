using System.Net;
using HomeTelco.Core.Store;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Sip.Tests.Registrar;

/// <summary>The location service: expiry, the write-behind store, restarts, and flows that close.</summary>
public sealed class SipLocationServiceTests
{
    private static readonly IPEndPoint PhoneAddress = new(IPAddress.Parse("192.0.2.10"), 49152);

    private static int Stored(RegistrarFixture fixture) => fixture.Store.Collection<SipBindingDocument>(Collections.SipBindings).Count();

    [Fact]
    public void Lookup_BindingLapsed_HiddenBeforeThePurgeRuns()
    {
        using var fixture = new RegistrarFixture(locationOptions: new() { PurgeInterval = TimeSpan.FromHours(1) });
        new TestPhone(fixture).Register(expires: "60");

        fixture.Time.Advance(TimeSpan.FromSeconds(59));
        Assert.Single(fixture.Location.Lookup("101"));
        fixture.Time.Advance(TimeSpan.FromSeconds(1));

        Assert.Empty(fixture.Location.Lookup("101"));
        Assert.Empty(fixture.Location.List());
        Assert.Equal(1, fixture.Location.Count);
    }

    [Fact]
    public void Purge_TimerFires_LapsedBindingsLeaveMemoryAndStore()
    {
        using var fixture = new RegistrarFixture(locationOptions: new() { PurgeInterval = TimeSpan.FromSeconds(30) });
        new TestPhone(fixture).Register(expires: "60");
        new TestPhone(fixture, "102", RegistrarFixture.Password + "-bob").Register(expires: "600");
        fixture.Location.Flush();
        Assert.Equal(2, Stored(fixture));

        fixture.Time.Advance(TimeSpan.FromSeconds(90));
        fixture.Location.Flush();

        Assert.Equal(1, fixture.Location.Count);
        Assert.Equal(1, Stored(fixture));
        Assert.Single(fixture.Location.Lookup("102"));
    }

    [Fact]
    public void Update_WritesBehind_NothingOnDiskUntilFlushed()
    {
        using var fixture = new RegistrarFixture();

        new TestPhone(fixture).Register();

        Assert.Equal(0, Stored(fixture));
        Assert.Equal(1, fixture.Location.PendingWrites);
        fixture.Location.Flush();
        Assert.Equal(1, Stored(fixture));
        Assert.Equal(0, fixture.Location.PendingWrites);
    }

    [Fact]
    public async Task RunWriterAsync_AfterTheBatchDelay_WritesAndOnStopWritesTheRest()
    {
        using var fixture = new RegistrarFixture(locationOptions: new() { WriteDelay = TimeSpan.FromSeconds(1) });
        using var stop = new CancellationTokenSource();
        var writer = fixture.Location.RunWriterAsync(stop.Token);

        new TestPhone(fixture).Register();
        await WaitAsync(() => fixture.Time.Advance(TimeSpan.FromMilliseconds(100)), () => Stored(fixture) == 1);

        new TestPhone(fixture, "102", RegistrarFixture.Password + "-bob").Register();
        await stop.CancelAsync();
        await writer.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, Stored(fixture));
    }

    [Fact]
    public void Start_AfterRestart_BindingsBackWithoutTheirConnection()
    {
        using var fixture = new RegistrarFixture();
        var tcp = new SipEndPoint(SipTransportKind.Tcp, PhoneAddress, 42);
        new TestPhone(fixture, source: tcp).Register(["<sip:101@192.0.2.10:5060;transport=tcp>;q=0.7"], "3600", "Supported: path", "Path: <sip:edge.example;lr>");
        var before = Assert.Single(fixture.Location.Lookup("101"));
        fixture.Time.Advance(TimeSpan.FromMinutes(5));

        fixture.Restart();

        var after = Assert.Single(fixture.Location.Lookup("101"));
        Assert.Equal(new SipEndPoint(SipTransportKind.Tcp, PhoneAddress), after.Flow);
        Assert.Null(after.Flow.ConnectionId);
        Assert.Equal(before.Id, after.Id);
        Assert.Equal(before.Contact, after.Contact);
        Assert.Equal(before.Q, after.Q);
        Assert.Equal(before.ExpiresAt, after.ExpiresAt);
        Assert.Equal(before.CallId, after.CallId);
        Assert.Equal(before.CSeq, after.CSeq);
        Assert.Equal(before.Path, after.Path);
        Assert.Equal(before.UserAgent, after.UserAgent);
        Assert.Equal(before.BehindNat, after.BehindNat);
        Assert.NotNull(after.ContactUri);
    }

    [Fact]
    public void Start_AfterRestart_RefreshKeepsTheSameBindingAndOrderingRules()
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture) { CSeq = 20 };
        phone.Register(expires: "600");
        fixture.Restart();

        // The stored Call-ID and CSeq still order requests after a restart.
        phone.CSeq = 2;
        Assert.Equal(500, phone.Register(expires: "600").StatusCode);
        phone.CSeq = 21;
        Assert.Equal(200, phone.Register(expires: "600").StatusCode);
        Assert.Single(fixture.Location.Lookup("101"));
    }

    [Fact]
    public void Start_LapsedWhileDownOrExtensionGone_DroppedFromStore()
    {
        using var fixture = new RegistrarFixture();
        new TestPhone(fixture).Register(expires: "60");
        new TestPhone(fixture, "102", RegistrarFixture.Password + "-bob").Register(expires: "3600");
        fixture.Location.Flush();
        fixture.Time.Advance(TimeSpan.FromSeconds(120));

        fixture.Restart();

        Assert.Empty(fixture.Location.Lookup("101"));
        Assert.Single(fixture.Location.Lookup("102"));
        Assert.Equal(1, Stored(fixture));
    }

    [Fact]
    public void RemoveFlow_ConnectionClosed_NattedAndOutboundBindingsOnThatConnectionGo()
    {
        using var fixture = new RegistrarFixture();
        var connection7 = new SipEndPoint(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40000), 7);
        var connection8 = new SipEndPoint(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("203.0.113.8"), 40000), 8);
        var direct7 = new SipEndPoint(SipTransportKind.Tcp, PhoneAddress, 7);

        // Behind NAT on connection 7; the same behind NAT on connection 8; reachable at its contact, also on 7
        // (connection ids are per transport, so one id can appear for two phones only in this test).
        new TestPhone(fixture, source: connection7).Register(["<sip:101@192.168.1.20:5060;transport=tcp>"]);
        new TestPhone(fixture, source: connection8).Register(["<sip:101@192.168.1.21:5060;transport=tcp>"]);
        new TestPhone(fixture, "102", RegistrarFixture.Password + "-bob", direct7).Register(["<sip:102@192.0.2.10:5060;transport=tcp>"]);
        fixture.Location.Flush();

        var removed = fixture.Location.RemoveFlow(SipTransportKind.Tcp, 7);

        Assert.Equal(1, removed);
        Assert.Equal(["sip:101@192.168.1.21:5060;transport=tcp"], fixture.Location.Lookup("101").Select(b => b.Contact));
        Assert.Single(fixture.Location.Lookup("102"));
        Assert.Equal(0, fixture.Location.RemoveFlow(SipTransportKind.Udp, 8));
        fixture.Location.Flush();
        Assert.Equal(2, Stored(fixture));
    }

    [Fact]
    public void RemoveFlow_OutboundBindingNotBehindNat_Removed()
    {
        using var fixture = new RegistrarFixture();
        var tcp = new SipEndPoint(SipTransportKind.Tcp, PhoneAddress, 9);
        new TestPhone(fixture, source: tcp).Register(["<sip:101@192.0.2.10;transport=tcp>;+sip.instance=\"<urn:uuid:1>\";reg-id=1"], null, "Supported: outbound");
        Assert.False(Assert.Single(fixture.Location.Lookup("101")).BehindNat);

        Assert.Equal(1, fixture.Location.RemoveFlow(SipTransportKind.Tcp, 9));
        Assert.Empty(fixture.Location.Lookup("101"));
    }

    [Fact]
    public void List_AllExtensions_InNumberOrderWithTransportNames()
    {
        using var fixture = new RegistrarFixture();
        new TestPhone(fixture, "102", RegistrarFixture.Password + "-bob").Register();
        new TestPhone(fixture, source: new SipEndPoint(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("::ffff:192.0.2.10"), 5060), 3)).Register(["<sip:101@192.0.2.10;transport=tcp>"]);

        var all = fixture.Location.List();

        Assert.Equal(["101", "102"], all.Select(r => r.Number));
        Assert.Equal(["TCP", "UDP"], all.Select(r => r.Transport));
        Assert.Equal("192.0.2.10:5060", all[0].Source);
        Assert.False(all[0].BehindNat);
        Assert.Equal("TestPhone/1.0", all[0].UserAgent);
        Assert.Single(fixture.Location.List("102"));
        Assert.Empty(fixture.Location.List("103"));
    }

    [Fact]
    public void Start_NotCalled_ServiceIsEmpty()
    {
        using var folder = new TempFolder();
        using var store = HomeStore.Open(folder.Path);
        using var location = new SipLocationService(store, TimeProvider.System, new SipLocationOptions(), NullLogger.Instance);

        Assert.Empty(location.List());
        Assert.Empty(location.Lookup("101"));
    }

    /// <summary>Moves the fake clock in small steps until the condition holds; bounded in steps and in real time.</summary>
    private static async Task WaitAsync(Action step, Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        for (var i = 0; i < 1000 && !done() && DateTime.UtcNow < deadline; i++)
        {
            step();
            await Task.Delay(5);
        }

        Assert.True(done(), "condition not reached");
    }
}
