using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

/// The lingering states kept as compact entries: they leave the main table (so they never make the layer answer 503)
/// and still absorb, answer or pass on what arrives until their timer ends.
public sealed class SipLingeringTransactionsTests
{
    private static readonly SipTransactionOptions OneLive = new() { MaxTransactions = 1 };

    private static bool Is(SipMessage message, int status) => !message.IsRequest && message.StatusCode == status;

    [Fact]
    public void SendResponse_200_AcceptedLeavesTheMainTableAndStillAbsorbsInvitesAndPassesAcks()
    {
        using var fixture = new TransactionFixture(OneLive);
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKa1"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKa2"), TransactionFixture.Udp);

        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKa1"), TransactionFixture.Udp);
        var ack = TransactionFixture.Request("ACK", "z9hG4bKa1", toTag: ";tag=srv");
        fixture.Layer.ReceiveRequest(ack, TransactionFixture.Udp);

        Assert.Equal(2, fixture.User.Requests.Count);
        Assert.Empty(fixture.Transport.TimesOf(m => Is(m, 503)));
        Assert.Equal(2, fixture.Transport.TimesOf(m => Is(m, 200)).Length);
        Assert.Same(ack, Assert.Single(fixture.User.Acks));
        Assert.Equal(2, fixture.Layer.Count);
        Assert.All(fixture.User.Requests, r => Assert.Equal(SipTransactionState.Accepted, r.Transaction.State));
    }

    [Fact]
    public void SendResponse_200OverTcp_AcceptedLingersCompactlyToo()
    {
        using var fixture = new TransactionFixture(OneLive);
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKt1"), TransactionFixture.Tcp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKt2"), TransactionFixture.Tcp);

        Assert.Equal(2, fixture.User.Requests.Count);
        fixture.AdvanceTo(31.99);
        Assert.Equal(2, fixture.Layer.Count);
        fixture.AdvanceTo(32);
        Assert.Equal(0, fixture.Layer.Count);
        Assert.All(fixture.User.Requests, r => Assert.Equal(SipTransactionState.Terminated, r.Transaction.State));
    }

    [Fact]
    public void OnAck_486_ConfirmedLeavesTheMainTableAndAbsorbsAcksAndInvitesUntilTimerI()
    {
        using var fixture = new TransactionFixture(OneLive);
        fixture.User.AnswerWith = 486;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKc1"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("ACK", "z9hG4bKc1", "ACK", ";tag=srv"), TransactionFixture.Udp);

        fixture.Layer.ReceiveRequest(TransactionFixture.Request("ACK", "z9hG4bKc1", "ACK", ";tag=srv"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKc1"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKc2"), TransactionFixture.Udp);

        Assert.Equal(2, fixture.User.Requests.Count);
        Assert.Empty(fixture.User.Acks);
        Assert.Empty(fixture.Transport.TimesOf(m => Is(m, 503)));
        Assert.Equal(SipTransactionState.Confirmed, fixture.User.Requests[0].Transaction.State);
        fixture.AdvanceTo(5);
        Assert.Equal(SipTransactionState.Terminated, fixture.User.Requests[0].Transaction.State);
        Assert.Equal(1, fixture.Layer.Count);
    }

    [Fact]
    public void OnResponse_200ForAProxy_AcceptedPassesLater2xxAsStrayAndAbsorbsTheRestUntilTimerM()
    {
        using var fixture = new TransactionFixture(OneLive);
        fixture.User.HandlesLateSuccessesAsStray = true;
        var invite = TransactionFixture.Request("INVITE");
        var transaction = fixture.Layer.StartClientTransaction(invite, TransactionFixture.Udp, fixture.User)!;
        var ok = TransactionFixture.Response(invite, 200);

        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);
        Assert.NotNull(fixture.Layer.StartClientTransaction(TransactionFixture.Request("OPTIONS", "z9hG4bKother"), TransactionFixture.Udp, fixture.User));
        fixture.AdvanceTo(4);
        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(invite, 180), TransactionFixture.Udp);

        Assert.Same(ok, Assert.Single(fixture.User.Responses).Response);
        Assert.Same(ok, Assert.Single(fixture.User.StrayResponses));
        Assert.Equal(SipTransactionState.Accepted, transaction.State);
        Assert.Empty(fixture.Transport.TimesOf(m => m.IsRequest && m.Method == "ACK"));

        fixture.AdvanceTo(32);
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(invite, 180), TransactionFixture.Udp);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(2, fixture.User.StrayResponses.Count);
    }

    [Fact]
    public void OnResponse_486_CompletedLeavesTheMainTableAndAnswersRetransmissionsWithTheSameAck()
    {
        using var fixture = new TransactionFixture(OneLive);
        var invite = TransactionFixture.Request("INVITE");
        fixture.Layer.StartClientTransaction(invite, TransactionFixture.Udp, fixture.User);
        var busy = TransactionFixture.Response(invite, 486);

        fixture.Layer.ReceiveResponse(busy, TransactionFixture.Udp);
        Assert.NotNull(fixture.Layer.StartClientTransaction(TransactionFixture.Request("OPTIONS", "z9hG4bKother"), TransactionFixture.Udp, fixture.User));
        fixture.Layer.ReceiveResponse(busy, TransactionFixture.Udp);
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(invite, 180), TransactionFixture.Udp);

        var acks = fixture.Transport.Sent.Where(s => s.Message.IsRequest && s.Message.Method == "ACK").ToList();
        Assert.Equal(2, acks.Count);
        Assert.Equal(acks[0].Message.GetTopVia().Value!.Branch, acks[1].Message.GetTopVia().Value!.Branch);
        Assert.Equal(TransactionFixture.InviteBranch, acks[0].Message.GetTopVia().Value!.Branch);
        Assert.Single(fixture.User.Responses);
        Assert.Empty(fixture.User.StrayResponses);
    }

    [Fact]
    public void OnResponse_NonInviteFinal_CompletedAbsorbsRetransmissionsUntilTimerK()
    {
        using var fixture = new TransactionFixture(OneLive);
        var bye = TransactionFixture.Request("BYE", "z9hG4bKbye");
        var transaction = fixture.Layer.StartClientTransaction(bye, TransactionFixture.Udp, fixture.User)!;
        var ok = TransactionFixture.Response(bye, 200);

        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);
        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);
        Assert.NotNull(fixture.Layer.StartClientTransaction(TransactionFixture.Request("OPTIONS", "z9hG4bKother"), TransactionFixture.Udp, fixture.User));

        Assert.Single(fixture.User.Responses);
        Assert.Empty(fixture.User.StrayResponses);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        fixture.AdvanceTo(5);
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);
        Assert.Same(ok, Assert.Single(fixture.User.StrayResponses));
    }

    [Fact]
    public void OnResponse_AcceptedTableFull_ShedsTheOldestAndItsLater2xxTakesTheStrayPath()
    {
        using var fixture = new TransactionFixture(new SipTransactionOptions { MaxCompletedTransactions = 1 });
        fixture.User.HandlesLateSuccessesAsStray = true;
        var first = TransactionFixture.Request("INVITE", "z9hG4bKf1");
        var second = TransactionFixture.Request("INVITE", "z9hG4bKf2");
        fixture.Layer.StartClientTransaction(first, TransactionFixture.Udp, fixture.User);
        fixture.Layer.StartClientTransaction(second, TransactionFixture.Udp, fixture.User);
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(first, 200), TransactionFixture.Udp);
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(second, 200), TransactionFixture.Udp);

        fixture.Layer.ReceiveResponse(TransactionFixture.Response(first, 486), TransactionFixture.Udp);
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(second, 486), TransactionFixture.Udp);

        Assert.Equal(1, fixture.Layer.ShedCompleted);
        Assert.Equal(1, fixture.Layer.Count);
        Assert.Equal(486, Assert.Single(fixture.User.StrayResponses).StatusCode);
    }
}
