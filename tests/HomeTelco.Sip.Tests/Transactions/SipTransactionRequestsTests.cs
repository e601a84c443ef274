using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Serialization;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

public sealed class SipTransactionRequestsTests
{
    private static SipMessage Invite() => TransactionFixture.Parse(
        "INVITE sip:bob@example.com;transport=udp SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK776asdhds\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.9:5060;branch=z9hG4bKlower\r\n" +
        "Max-Forwards: 70\r\n" +
        "Route: <sip:p1.example.com;lr>\r\n" +
        "Route: <sip:p2.example.com;lr>\r\n" +
        "To: Bob <sip:bob@example.com>\r\n" +
        "From: Alice <sip:alice@example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Contact: <sip:alice@10.0.0.1>\r\n" +
        "Content-Type: application/sdp\r\n" +
        "Content-Length: 4\r\n\r\nv=0\n");

    [Fact]
    public void CreateAck_For486_FollowsSection17113()
    {
        var invite = Invite();
        var busy = SipResponseBuilder.CreateResponse(invite, 486, toTag: "uas1");

        var ack = SipParser.Parse(SipSerializer.ToArray(SipTransactionRequests.CreateAck(invite, busy)), SipFraming.Stream).Message!;

        Assert.Equal("ACK", ack.Method);
        Assert.True(ack.RawRequestUri.Span.SequenceEqual(invite.RawRequestUri.Span));
        var via = Assert.Single(ack.GetVias().Value!);
        Assert.Equal("z9hG4bK776asdhds", via.Branch);
        Assert.Equal("uas1", ack.GetTo().Value!.Tag);
        Assert.Equal("1928301774", ack.GetFrom().Value!.Tag);
        Assert.Equal("a84b4c76e66710", ack.GetCallId());
        Assert.Equal(new SipCSeq(314159, "ACK"), ack.GetCSeq().Value);
        Assert.Equal(["sip:p1.example.com;lr", "sip:p2.example.com;lr"], ack.GetRoutes().Value!.Select(r => r.Uri!.ToString()));
        Assert.True(ack.Body.IsEmpty);
        Assert.False(ack.Headers.Contains(SipHeaderKind.Contact));
        Assert.False(ack.Headers.Contains(SipHeaderKind.ContentType));
    }

    [Fact]
    public void CreateCancel_ForInvite_KeepsBranchToAndCSeqNumber()
    {
        var invite = Invite();

        var cancel = SipParser.Parse(SipSerializer.ToArray(SipTransactionRequests.CreateCancel(invite)), SipFraming.Stream).Message!;

        Assert.Equal("CANCEL", cancel.Method);
        Assert.True(cancel.RawRequestUri.Span.SequenceEqual(invite.RawRequestUri.Span));
        Assert.Equal("z9hG4bK776asdhds", Assert.Single(cancel.GetVias().Value!).Branch);
        Assert.Null(cancel.GetTo().Value!.Tag);
        Assert.Equal("a84b4c76e66710", cancel.GetCallId());
        Assert.Equal(new SipCSeq(314159, "CANCEL"), cancel.GetCSeq().Value);
        Assert.Equal(2, cancel.GetRoutes().Value!.Count);
        Assert.True(cancel.Body.IsEmpty);
    }

    [Fact]
    public void CreateCancel_ReceivedByServer_FindsTheInviteTransaction()
    {
        using var fixture = new TransactionFixture();
        var invite = Invite();
        fixture.Layer.ReceiveRequest(invite, TransactionFixture.Udp);
        var cancel = SipParser.Parse(SipSerializer.ToArray(SipTransactionRequests.CreateCancel(invite)), SipFraming.Stream).Message!;

        Assert.Same(fixture.User.Requests[0].Transaction, fixture.Layer.FindCancelledTransaction(cancel));
    }
}
