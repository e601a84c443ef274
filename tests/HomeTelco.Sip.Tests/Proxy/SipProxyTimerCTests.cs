using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Tests.Proxy;

/// <summary>Timer C (RFC 3261 §16.8): a phone may ring for a bounded time, then it is cancelled and the caller gets 408.</summary>
public sealed class SipProxyTimerCTests : IDisposable
{
    private const string Bob = "sip:102@" + ProxyFixture.Domain;
    private readonly ProxyFixture _fixture = new();
    private readonly ProxyPhone _alice;
    private readonly ProxyPhone _bob;

    public SipProxyTimerCTests()
    {
        _alice = new ProxyPhone(_fixture, "101", ProxyFixture.Udp("203.0.113.10", 40000), "10.0.0.5:5062");
        _bob = new ProxyPhone(_fixture, "102", ProxyFixture.Udp("198.51.100.7", 5060), "198.51.100.7:5060");
        _fixture.Register("102", "sip:102@198.51.100.7:5060", _bob.Flow);
    }

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public void TimerC_RingingPastThreeMinutes_CancelledAndCallerGets408()
    {
        _alice.Call(Bob, "timer-c-1");
        var invite = Assert.Single(_bob.Received("INVITE"));
        _bob.Answer(invite, 180);

        _fixture.Advance(TimeSpan.FromSeconds(180));
        Assert.Empty(_bob.Received("CANCEL"));
        _fixture.Advance(TimeSpan.FromSeconds(2));
        // UDP: the CANCEL's own transaction may retransmit it; one CANCEL, possibly sent more than once.
        var cancel = _bob.Received("CANCEL")[0];
        Assert.All(_bob.Received("CANCEL"), c => Assert.Equal(cancel.GetTopVia().Value!.Branch, c.GetTopVia().Value!.Branch));

        _bob.Answer(cancel, 200);
        _bob.Answer(invite, 487);
        Assert.Equal(408, _alice.LastResponse("INVITE").StatusCode);
        Assert.Equal(408, Assert.Single(_fixture.CallRecords()).ResultCode);
    }

    [Fact]
    public void TimerC_AnotherProvisional_StartsItAgain()
    {
        _alice.Call(Bob, "timer-c-2");
        var invite = Assert.Single(_bob.Received("INVITE"));
        _bob.Answer(invite, 180);
        _fixture.Advance(TimeSpan.FromSeconds(120));

        _bob.Answer(invite, 183);
        _fixture.Advance(TimeSpan.FromSeconds(120));
        Assert.Empty(_bob.Received("CANCEL"));
        _fixture.Advance(TimeSpan.FromSeconds(62));

        Assert.NotEmpty(_bob.Received("CANCEL"));
    }

    [Fact]
    public void TimerC_CancelNeverAnswered_GivenUpAfter64T1()
    {
        _alice.Call(Bob, "timer-c-3");
        var invite = Assert.Single(_bob.Received("INVITE"));
        _bob.Answer(invite, 180);
        _fixture.Advance(TimeSpan.FromSeconds(182));
        Assert.NotEmpty(_bob.Received("CANCEL"));

        _fixture.Advance(TimeSpan.FromSeconds(33));

        Assert.Equal(408, _alice.LastResponse("INVITE").StatusCode);
        Assert.Equal(0, _fixture.Proxy.PendingInvites);
        _fixture.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(0, _fixture.Layer.Count);
    }
}
