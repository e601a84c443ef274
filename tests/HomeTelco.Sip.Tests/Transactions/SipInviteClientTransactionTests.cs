using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

public sealed class SipInviteClientTransactionTests
{
    private static bool IsInvite(SipMessage message) => message.IsRequest && message.Method == "INVITE";

    private static bool IsAck(SipMessage message) => message.IsRequest && message.Method == "ACK";

    [Fact]
    public void Start_Udp_RetransmitsOnTimerAAndTimesOutWith408At32Seconds()
    {
        using var fixture = new TransactionFixture();
        var transaction = fixture.Layer.StartClientTransaction(TransactionFixture.Request("INVITE"), TransactionFixture.Udp, fixture.User)!;

        fixture.AdvanceTo(31.99);
        Assert.Empty(fixture.User.Responses);
        fixture.AdvanceTo(32);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5], fixture.Transport.TimesOf(IsInvite));
        var (tx, response) = Assert.Single(fixture.User.Responses);
        Assert.Same(transaction, tx);
        Assert.Equal(408, response.StatusCode);
        Assert.True(transaction.TimedOut);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, fixture.Layer.Count);
        fixture.AdvanceTo(100);
        Assert.Equal(7, fixture.Transport.Sent.Count);
    }

    [Fact]
    public void Start_Reliable_SendsOnceAndTimesOutOnTimerB()
    {
        using var fixture = new TransactionFixture();
        fixture.Layer.StartClientTransaction(TransactionFixture.Request("INVITE"), TransactionFixture.Tcp, fixture.User);

        fixture.AdvanceTo(32);

        Assert.Equal([0], fixture.Transport.TimesOf(IsInvite));
        Assert.Equal(408, Assert.Single(fixture.User.Responses).Response.StatusCode);
    }

    [Fact]
    public void OnResponse_Provisional_StopsRetransmissionsAndTimerB()
    {
        using var fixture = new TransactionFixture();
        var invite = TransactionFixture.Request("INVITE");
        var transaction = fixture.Layer.StartClientTransaction(invite, TransactionFixture.Udp, fixture.User)!;

        fixture.AdvanceTo(0.6);
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(invite, 180), TransactionFixture.Udp);
        fixture.AdvanceTo(120);

        Assert.Equal([0, 0.5], fixture.Transport.TimesOf(IsInvite));
        Assert.Equal(180, Assert.Single(fixture.User.Responses).Response.StatusCode);
        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        Assert.Equal(1, fixture.Layer.Count);
    }

    [Fact]
    public void OnResponse_486_SendsAckAndAnswersRetransmittedFinalsUntilTimerD()
    {
        using var fixture = new TransactionFixture();
        var invite = TransactionFixture.Request("INVITE");
        var transaction = fixture.Layer.StartClientTransaction(invite, TransactionFixture.Udp, fixture.User)!;
        var busy = TransactionFixture.Response(invite, 486);

        fixture.AdvanceTo(1);
        fixture.Layer.ReceiveResponse(busy, TransactionFixture.Udp);
        fixture.AdvanceTo(2);
        fixture.Layer.ReceiveResponse(busy, TransactionFixture.Udp);

        Assert.Equal([1, 2], fixture.Transport.TimesOf(IsAck));
        Assert.Equal([0, 0.5], fixture.Transport.TimesOf(IsInvite));
        Assert.Equal(486, Assert.Single(fixture.User.Responses).Response.StatusCode);
        Assert.Equal(SipTransactionState.Completed, transaction.State);

        fixture.AdvanceTo(32.99);
        Assert.Equal(1, fixture.Layer.Count);
        fixture.AdvanceTo(33);
        Assert.Equal(0, fixture.Layer.Count);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
    }

    [Fact]
    public void OnResponse_486OverTcp_SendsAckAndTerminatesAtOnce()
    {
        using var fixture = new TransactionFixture();
        var invite = TransactionFixture.Request("INVITE");
        var transaction = fixture.Layer.StartClientTransaction(invite, TransactionFixture.Tcp, fixture.User)!;

        fixture.Layer.ReceiveResponse(TransactionFixture.Response(invite, 486), TransactionFixture.Tcp);

        Assert.Single(fixture.Transport.TimesOf(IsAck));
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, fixture.Layer.Count);
    }

    [Fact]
    public void OnResponse_200_PassesEvery2xxToTuWithoutAckUntilTimerM()
    {
        using var fixture = new TransactionFixture();
        var invite = TransactionFixture.Request("INVITE");
        var transaction = fixture.Layer.StartClientTransaction(invite, TransactionFixture.Udp, fixture.User)!;
        var ok = TransactionFixture.Response(invite, 200);

        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);
        fixture.AdvanceTo(4);
        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);

        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        Assert.Equal(2, fixture.User.Responses.Count);
        Assert.Empty(fixture.Transport.TimesOf(IsAck));
        Assert.Equal([0], fixture.Transport.TimesOf(IsInvite));

        fixture.AdvanceTo(32);
        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);

        Assert.Equal(0, fixture.Layer.Count);
        Assert.Same(ok, Assert.Single(fixture.User.StrayResponses));
    }
}
