using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

public sealed class SipNonInviteServerTransactionTests
{
    private static SipMessage Options() => TransactionFixture.Request("OPTIONS", "z9hG4bKopt1");

    [Fact]
    public void OnRetransmission_Trying_IsAbsorbed()
    {
        using var fixture = new TransactionFixture();
        fixture.Layer.ReceiveRequest(Options(), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(Options(), TransactionFixture.Udp);
        fixture.AdvanceTo(1);

        Assert.Single(fixture.User.Requests);
        Assert.Empty(fixture.Transport.Sent);
        Assert.Equal(SipTransactionState.Trying, fixture.User.Requests[0].Transaction.State);
    }

    [Fact]
    public void OnRetransmission_Proceeding_ResendsProvisional()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 100;
        fixture.Layer.ReceiveRequest(Options(), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(Options(), TransactionFixture.Udp);

        Assert.Equal(SipTransactionState.Proceeding, fixture.User.Requests[0].Transaction.State);
        Assert.Equal(2, fixture.Transport.TimesOf(m => m.StatusCode == 100).Length);
    }

    [Fact]
    public void SendResponse_FinalOverUdp_ResendsOnRetransmissionUntilTimerJ()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(Options(), TransactionFixture.Udp);
        var transaction = fixture.User.Requests[0].Transaction;

        fixture.AdvanceTo(4);
        fixture.Layer.ReceiveRequest(Options(), TransactionFixture.Udp);
        Assert.False(transaction.SendResponse(TransactionFixture.Response(transaction.Request, 500)));
        fixture.AdvanceTo(31.99);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        fixture.AdvanceTo(32);

        Assert.Equal([0, 4], fixture.Transport.TimesOf(m => m.StatusCode == 200));
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, fixture.Layer.Count);

        fixture.Layer.ReceiveRequest(Options(), TransactionFixture.Udp);
        Assert.Equal(2, fixture.User.Requests.Count);
    }

    [Fact]
    public void SendResponse_FinalOverTcp_TerminatesAtOnce()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(Options(), TransactionFixture.Tcp);

        Assert.Equal(SipTransactionState.Terminated, fixture.User.Requests[0].Transaction.State);
        Assert.Equal(0, fixture.Layer.Count);
    }

    [Fact]
    public void SendResponse_NotAResponse_Throws()
    {
        using var fixture = new TransactionFixture();
        fixture.Layer.ReceiveRequest(Options(), TransactionFixture.Udp);

        Assert.Throws<ArgumentException>(() => fixture.User.Requests[0].Transaction.SendResponse(Options()));
    }
}
