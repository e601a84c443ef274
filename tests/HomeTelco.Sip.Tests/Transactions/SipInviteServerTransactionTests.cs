using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

public sealed class SipInviteServerTransactionTests
{
    private static bool Is(SipMessage message, int status) => !message.IsRequest && message.StatusCode == status;

    private static SipMessage Ack(string toTag = ";tag=uas1") => TransactionFixture.Request("ACK", cseqMethod: "ACK", toTag: toTag);

    [Fact]
    public void ReceiveRequest_TuSilent_Sends100TryingAfter200Milliseconds()
    {
        using var fixture = new TransactionFixture();
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);

        fixture.AdvanceTo(0.19);
        Assert.Empty(fixture.Transport.Sent);
        fixture.AdvanceTo(0.2);

        var (message, destination, at) = Assert.Single(fixture.Transport.Sent);
        Assert.Equal(100, message.StatusCode);
        Assert.Equal(TransactionFixture.Udp, destination);
        Assert.Equal(0.2, at.TotalSeconds);
        Assert.Null(message.GetTo().Value!.Tag);
    }

    [Fact]
    public void ReceiveRequest_TuAnswersAtOnce_SendsNo100Trying()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 180;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);

        fixture.AdvanceTo(5);

        Assert.Equal(180, Assert.Single(fixture.Transport.Sent).Message.StatusCode);
    }

    [Fact]
    public void OnRetransmission_Proceeding_ResendsLastProvisionalWithoutTellingTu()
    {
        using var fixture = new TransactionFixture();
        var invite = TransactionFixture.Request("INVITE");
        fixture.Layer.ReceiveRequest(invite, TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(invite, TransactionFixture.Udp);
        Assert.Empty(fixture.Transport.Sent);

        var transaction = Assert.Single(fixture.User.Requests).Transaction;
        var ringing = TransactionFixture.Response(invite, 180);
        Assert.True(transaction.SendResponse(ringing));
        fixture.AdvanceTo(0.5);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);

        Assert.Single(fixture.User.Requests);
        Assert.Equal([0, 0.5], fixture.Transport.TimesOf(m => ReferenceEquals(m, ringing)));
        Assert.Empty(fixture.Transport.TimesOf(m => Is(m, 100)));
    }

    [Fact]
    public void SendResponse_486OverUdp_RetransmitsOnTimerGUntilTimerH()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 486;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);
        var transaction = fixture.User.Requests[0].Transaction;

        fixture.AdvanceTo(31.99);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        fixture.AdvanceTo(40);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], fixture.Transport.TimesOf(m => Is(m, 486)));
        Assert.Same(transaction, Assert.Single(fixture.User.TimedOutServers));
        Assert.Equal(0, fixture.Layer.Count);
    }

    [Fact]
    public void OnRetransmission_Completed_ResendsFinalResponse()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 486;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);

        fixture.AdvanceTo(0.2);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);

        Assert.Equal([0, 0.2], fixture.Transport.TimesOf(m => Is(m, 486)));
        Assert.Single(fixture.User.Requests);
    }

    [Fact]
    public void OnAck_Completed_StopsRetransmissionsAndTimerIRemovesTransaction()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 486;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);
        var transaction = fixture.User.Requests[0].Transaction;

        fixture.AdvanceTo(1);
        fixture.Layer.ReceiveRequest(Ack(), TransactionFixture.Udp);
        Assert.Equal(SipTransactionState.Confirmed, transaction.State);
        fixture.Layer.ReceiveRequest(Ack(), TransactionFixture.Udp);
        fixture.AdvanceTo(5.99);
        Assert.Equal(1, fixture.Layer.Count);
        fixture.AdvanceTo(6);

        Assert.Equal(0, fixture.Layer.Count);
        Assert.Equal([0, 0.5], fixture.Transport.TimesOf(m => Is(m, 486)));
        Assert.Empty(fixture.User.Acks);
        Assert.Empty(fixture.User.TimedOutServers);
    }

    [Fact]
    public void OnAck_CompletedOverTcp_TerminatesAtOnceWithoutRetransmitting()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 603;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Tcp);

        fixture.AdvanceTo(10);
        Assert.Equal([0], fixture.Transport.TimesOf(m => Is(m, 603)));
        fixture.Layer.ReceiveRequest(Ack(), TransactionFixture.Tcp);

        Assert.Equal(0, fixture.Layer.Count);
    }

    [Fact]
    public void SendResponse_200_AcceptedAbsorbsInviteRetransmissionsUntilTimerL()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);
        var transaction = fixture.User.Requests[0].Transaction;

        fixture.AdvanceTo(0.5);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);
        var ackFor2xx = TransactionFixture.Request("ACK", "z9hG4bKnewbranch", "ACK", ";tag=srv");
        fixture.Layer.ReceiveRequest(ackFor2xx, TransactionFixture.Udp);

        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        Assert.Single(fixture.User.Requests);
        Assert.Equal([0], fixture.Transport.TimesOf(m => Is(m, 200)));
        Assert.Same(ackFor2xx, Assert.Single(fixture.User.Acks));
        Assert.True(transaction.SendResponse(TransactionFixture.Response(transaction.Request, 200)));

        fixture.AdvanceTo(31.99);
        Assert.Equal(1, fixture.Layer.Count);
        fixture.AdvanceTo(32);
        Assert.Equal(0, fixture.Layer.Count);
        Assert.False(transaction.SendResponse(TransactionFixture.Response(transaction.Request, 200)));
    }

    [Fact]
    public void SendResponse_SecondFinal_IsRefused()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 486;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);
        var transaction = fixture.User.Requests[0].Transaction;

        Assert.False(transaction.SendResponse(TransactionFixture.Response(transaction.Request, 200)));
        Assert.Single(fixture.Transport.Sent);
    }
}
