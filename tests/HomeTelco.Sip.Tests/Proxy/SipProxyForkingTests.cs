using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Tests.Proxy;

/// <summary>Parallel forking, cancelling, Timer C and best-response selection (RFC 3261 §16.7, §16.8, §16.10).</summary>
public sealed class SipProxyForkingTests : IDisposable
{
    private const string Bob = "sip:102@" + ProxyFixture.Domain;
    private const string CompletedElsewhere = "SIP;cause=200;text=\"Call completed elsewhere\"";
    private readonly ProxyFixture _fixture = new();
    private readonly ProxyPhone _alice;
    private readonly ProxyPhone _desk;
    private readonly ProxyPhone _mobile;

    public SipProxyForkingTests()
    {
        _alice = new ProxyPhone(_fixture, "101", ProxyFixture.Udp("203.0.113.10", 40000), "10.0.0.5:5062");

        // Bob has two phones: a desk phone on the public side and a softphone behind NAT.
        _desk = new ProxyPhone(_fixture, "102", ProxyFixture.Udp("198.51.100.7", 5060), "198.51.100.7:5060");
        _mobile = new ProxyPhone(_fixture, "102", ProxyFixture.Udp("203.0.113.20", 41000), "10.0.0.6:5060");
        _fixture.Register("102", "sip:102@198.51.100.7:5060", _desk.Flow);
        _fixture.Register("102", "sip:102@10.0.0.6:5060", _mobile.Flow, behindNat: true, q: 0.5f);
    }

    public void Dispose() => _fixture.Dispose();

    /// <summary>Final responses other than the 407 that challenged the first INVITE.</summary>
    private static bool IsFinalForTheCall(SipMessage response) => response.StatusCode is >= 200 and not 407;

    private (SipMessage Invite, SipMessage ToDesk, SipMessage ToMobile) StartCall(string callId)
    {
        var invite = _alice.Call(Bob, callId);
        return (invite, Assert.Single(_desk.Received("INVITE")), Assert.Single(_mobile.Received("INVITE")));
    }

    [Fact]
    public void Invite_TwoPhones_BothRingInParallelOnTheirOwnBranches()
    {
        var (_, toDesk, toMobile) = StartCall("fork-1");

        Assert.Equal("sip:102@198.51.100.7:5060", toDesk.RequestUri!.ToString());
        Assert.Equal("sip:102@10.0.0.6:5060", toMobile.RequestUri!.ToString());
        Assert.NotEqual(toDesk.GetTopVia().Value!.Branch, toMobile.GetTopVia().Value!.Branch);
        Assert.Equal(1, _fixture.Proxy.PendingInvites);
    }

    [Fact]
    public void Answer_OnePhonePicksUp_CallerGets200AndTheOtherIsCancelledWithReason()
    {
        var (_, toDesk, toMobile) = StartCall("fork-2");
        _desk.Answer(toDesk, 180);
        _mobile.Answer(toMobile, 180, toTag: "mobile");

        _mobile.Answer(toMobile, 200, toTag: "mobile");

        var upstream = _alice.Responses("INVITE").Where(r => r.StatusCode != 407).Select(r => r.StatusCode).ToList();
        Assert.Equal([180, 180, 200], upstream);
        var cancel = Assert.Single(_desk.Received("CANCEL"));
        Assert.Equal(toDesk.GetTopVia().Value!.Branch, cancel.GetTopVia().Value!.Branch);
        Assert.Equal(CompletedElsewhere, cancel.Headers.GetFirstValue("Reason"));
        Assert.Empty(_mobile.Received("CANCEL"));

        // The desk phone stops ringing; its 487 is the proxy's to acknowledge, not the caller's to see.
        _desk.Answer(cancel, 200);
        _desk.Answer(toDesk, 487);
        Assert.Single(_desk.Received("ACK"));
        Assert.Equal(200, Assert.Single(_alice.Responses("INVITE"), IsFinalForTheCall).StatusCode);

        var record = Assert.Single(_fixture.CallRecords());
        Assert.Equal(200, record.ResultCode);
        Assert.Equal("101", record.CallerNumber);
        Assert.Equal("Phone 101", record.CallerName);
        Assert.Equal("102", record.Callee);
        Assert.NotNull(record.AnsweredAt);
        Assert.Null(record.EndedAt);
        Assert.Equal(0, _fixture.Proxy.PendingInvites);
    }

    [Fact]
    public void Answer_OtherPhoneHasNotRungYet_CancelledOnlyOnceItAnswersProvisionally()
    {
        var (_, toDesk, toMobile) = StartCall("fork-3");

        _desk.Answer(toDesk, 200);
        Assert.Empty(_mobile.Received("CANCEL"));

        // §9.1: a CANCEL may only follow a provisional response.
        _mobile.Answer(toMobile, 100);
        Assert.Single(_mobile.Received("CANCEL"));
    }

    [Fact]
    public void Cancel_FromTheCaller_200ToCancelBothPhonesCancelledCallerGets487()
    {
        var (invite, toDesk, toMobile) = StartCall("fork-4");
        _desk.Answer(toDesk, 180);
        _mobile.Answer(toMobile, 180, toTag: "mobile");

        var cancel = HomeTelco.Sip.Transactions.SipTransactionRequests.CreateCancel(invite);
        _alice.Send(cancel);

        Assert.Equal(200, _alice.LastResponse("CANCEL").StatusCode);
        var toDeskCancel = Assert.Single(_desk.Received("CANCEL"));
        var toMobileCancel = Assert.Single(_mobile.Received("CANCEL"));
        _desk.Answer(toDeskCancel, 200);
        _desk.Answer(toDesk, 487);
        Assert.NotEqual(487, _alice.LastResponse("INVITE").StatusCode);
        _mobile.Answer(toMobileCancel, 200);
        _mobile.Answer(toMobile, 487, toTag: "mobile");

        Assert.Single(_alice.Responses("INVITE"), r => r.StatusCode == 487);
        var record = Assert.Single(_fixture.CallRecords());
        Assert.Equal(487, record.ResultCode);
        Assert.NotNull(record.EndedAt);
        Assert.Null(record.AnsweredAt);
    }

    [Fact]
    public void Cancel_NoSuchInvite_481()
    {
        var stray = _alice.Request("CANCEL", Bob, "nothing-to-cancel");

        _alice.Send(stray);

        Assert.Equal(481, _alice.LastResponse("CANCEL").StatusCode);
    }

    [Fact]
    public void Busy_BothPhonesBusy_486()
    {
        var (_, toDesk, toMobile) = StartCall("fork-5");

        _desk.Answer(toDesk, 486);
        Assert.Equal(407, _alice.LastResponse("INVITE").StatusCode);
        _mobile.Answer(toMobile, 486, toTag: "mobile");

        Assert.Equal(486, _alice.LastResponse("INVITE").StatusCode);
        Assert.Equal(486, Assert.Single(_fixture.CallRecords()).ResultCode);
    }

    [Fact]
    public void Best_OneBusyOneNeverAnswers_486AfterTheOtherTimesOut()
    {
        var (_, toDesk, _) = StartCall("fork-6");
        _desk.Answer(toDesk, 486);

        _fixture.Advance(TimeSpan.FromSeconds(31));
        Assert.DoesNotContain(_alice.Responses("INVITE"), r => r.StatusCode == 486);
        _fixture.Advance(TimeSpan.FromSeconds(2));

        Assert.Equal(486, _alice.LastResponse("INVITE").StatusCode);
    }

    [Fact]
    public void Best_NoPhoneAnswers_408()
    {
        StartCall("fork-7");

        _fixture.Advance(TimeSpan.FromSeconds(33));

        Assert.Equal(408, _alice.LastResponse("INVITE").StatusCode);
        Assert.Equal(408, Assert.Single(_fixture.CallRecords()).ResultCode);
    }

    [Fact]
    public void Best_GlobalFailure_CancelsTheOthersAndWins()
    {
        var (_, toDesk, toMobile) = StartCall("fork-8");
        _mobile.Answer(toMobile, 180, toTag: "mobile");

        _desk.Answer(toDesk, 603);

        var cancel = Assert.Single(_mobile.Received("CANCEL"));
        Assert.NotEqual(603, _alice.LastResponse("INVITE").StatusCode);
        _mobile.Answer(cancel, 200, toTag: "mobile");
        _mobile.Answer(toMobile, 487, toTag: "mobile");
        Assert.Equal(603, _alice.LastResponse("INVITE").StatusCode);
    }

    [Fact]
    public void Best_RedirectAndError_LowestClassWins()
    {
        var (_, toDesk, toMobile) = StartCall("fork-9");

        _desk.Answer(toDesk, 404);
        _mobile.Answer(toMobile, 302, toTag: "mobile");

        Assert.Equal(302, _alice.LastResponse("INVITE").StatusCode);
    }

    [Fact]
    public void Best_OnlyA503_BecomesA500()
    {
        var (_, toDesk, toMobile) = StartCall("fork-10");

        _desk.Answer(toDesk, 503);
        _mobile.Answer(toMobile, 503, toTag: "mobile");

        Assert.Equal(500, _alice.LastResponse("INVITE").StatusCode);
    }
}
