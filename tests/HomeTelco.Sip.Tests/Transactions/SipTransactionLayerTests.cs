using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

public sealed class SipTransactionLayerTests
{
    private const string LegacyBranch = "1";

    [Fact]
    public void ReceiveRequest_SameBranchOtherSentBy_CreatesSeparateTransactions()
    {
        using var fixture = new TransactionFixture();
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", sentBy: "10.0.0.2:5060"), TransactionFixture.Udp);

        Assert.Equal(2, fixture.User.Requests.Count);
        Assert.Equal(2, fixture.Layer.Count);
    }

    [Fact]
    public void ReceiveRequest_SentByHostInOtherCase_MatchesExistingTransaction()
    {
        using var fixture = new TransactionFixture();
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("OPTIONS", sentBy: "pc.example.com"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("OPTIONS", sentBy: "PC.Example.COM"), TransactionFixture.Udp);

        Assert.Single(fixture.User.Requests);
    }

    [Fact]
    public void ReceiveRequest_CancelSharingInviteBranch_GetsOwnTransactionAndFindsInvite()
    {
        using var fixture = new TransactionFixture();
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);
        var cancel = TransactionFixture.Request("CANCEL");
        fixture.Layer.ReceiveRequest(cancel, TransactionFixture.Udp);

        Assert.Equal(2, fixture.User.Requests.Count);
        Assert.Equal("CANCEL", fixture.User.Requests[1].Transaction.Request.Method);
        Assert.Same(fixture.User.Requests[0].Transaction, fixture.Layer.FindCancelledTransaction(cancel));
    }

    [Fact]
    public void FindCancelledTransaction_NoSuchInvite_ReturnsNull()
    {
        using var fixture = new TransactionFixture();
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);

        Assert.Null(fixture.Layer.FindCancelledTransaction(TransactionFixture.Request("CANCEL", "z9hG4bKother")));
        Assert.Null(fixture.Layer.FindCancelledTransaction(TransactionFixture.Request("CANCEL", sentBy: "10.0.0.9")));
    }

    [Fact]
    public void ReceiveRequest_Rfc2543Retransmission_IsMatchedFieldByField()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 180;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", LegacyBranch), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", LegacyBranch), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", LegacyBranch, cseq: 314160), TransactionFixture.Udp);

        Assert.Equal(2, fixture.User.Requests.Count);
        Assert.Equal(2, fixture.Transport.TimesOf(m => m.StatusCode == 180 && m.GetCSeq().Value!.Number == 314159).Length);
    }

    [Fact]
    public void ReceiveRequest_Rfc2543AckWithResponseToTag_ConfirmsInviteTransaction()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 486;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", LegacyBranch), TransactionFixture.Udp);
        var transaction = fixture.User.Requests[0].Transaction;

        fixture.Layer.ReceiveRequest(TransactionFixture.Request("ACK", LegacyBranch, "ACK", ";tag=other"), TransactionFixture.Udp);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
        Assert.Single(fixture.User.Acks);

        fixture.Layer.ReceiveRequest(TransactionFixture.Request("ACK", LegacyBranch, "ACK", ";tag=srv"), TransactionFixture.Udp);
        Assert.Equal(SipTransactionState.Confirmed, transaction.State);
    }

    [Fact]
    public void FindCancelledTransaction_Rfc2543Cancel_MatchesInviteIgnoringMethod()
    {
        using var fixture = new TransactionFixture();
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", LegacyBranch), TransactionFixture.Udp);
        var invite = fixture.User.Requests[0].Transaction;

        Assert.Same(invite, fixture.Layer.FindCancelledTransaction(TransactionFixture.Request("CANCEL", LegacyBranch)));
        Assert.Null(fixture.Layer.FindCancelledTransaction(TransactionFixture.Request("CANCEL", LegacyBranch, cseq: 1)));
    }

    [Fact]
    public void ReceiveRequest_Rfc2543TransactionEnds_IsRemovedFromTable()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("OPTIONS", LegacyBranch), TransactionFixture.Udp);

        fixture.AdvanceTo(32);

        Assert.Equal(0, fixture.Layer.Count);
    }

    [Fact]
    public void ReceiveRequest_TableFull_Answers503WithRetryAfterStatelessly()
    {
        using var fixture = new TransactionFixture(new SipTransactionOptions { MaxTransactions = 2, OverloadRetryAfterSeconds = 7 });
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKa"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE", "z9hG4bKb"), TransactionFixture.Udp);
        var third = TransactionFixture.Request("INVITE", "z9hG4bKc");

        fixture.Layer.ReceiveRequest(third, TransactionFixture.Udp);

        Assert.Equal(2, fixture.User.Requests.Count);
        Assert.Equal(2, fixture.Layer.Count);
        var (busy, destination, _) = Assert.Single(fixture.Transport.Sent);
        Assert.Equal(503, busy.StatusCode);
        Assert.Equal("7", busy.Headers.GetFirstValue("Retry-After"));
        Assert.Equal("z9hG4bKc", busy.GetTopVia().Value!.Branch);
        Assert.Equal(TransactionFixture.Udp, destination);
    }

    [Fact]
    public void ReceiveRequest_TableFullRetransmissionOrAck_StillReachesExistingTransactionOrTu()
    {
        using var fixture = new TransactionFixture(new SipTransactionOptions { MaxTransactions = 1 });
        fixture.User.AnswerWith = 486;
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);

        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("ACK", "z9hG4bK2xx", "ACK"), TransactionFixture.Udp);

        Assert.Equal(2, fixture.Transport.TimesOf(m => m.StatusCode == 486).Length);
        Assert.Empty(fixture.Transport.TimesOf(m => m.StatusCode == 503));
        Assert.Single(fixture.User.Acks);
    }

    [Fact]
    public void StartClientTransaction_TableFull_ReturnsNull()
    {
        using var fixture = new TransactionFixture(new SipTransactionOptions { MaxTransactions = 1 });
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("INVITE"), TransactionFixture.Udp);

        Assert.Null(fixture.Layer.StartClientTransaction(TransactionFixture.Request("OPTIONS", "z9hG4bKx"), TransactionFixture.Udp, fixture.User));
        Assert.Empty(fixture.Transport.Sent);
    }

    [Fact]
    public void StartClientTransaction_BranchWithoutMagicCookie_Throws()
    {
        using var fixture = new TransactionFixture();

        Assert.Throws<ArgumentException>(() => fixture.Layer.StartClientTransaction(TransactionFixture.Request("OPTIONS", LegacyBranch), TransactionFixture.Udp, fixture.User));
    }

    [Fact]
    public void ReceiveResponse_NoTransaction_GoesToTuAsStray()
    {
        using var fixture = new TransactionFixture();
        var response = TransactionFixture.Response(TransactionFixture.Request("INVITE"), 200);

        fixture.Layer.ReceiveResponse(response, TransactionFixture.Udp);

        Assert.Same(response, Assert.Single(fixture.User.StrayResponses));
    }

    [Fact]
    public void ReceiveResponse_CancelSharesInviteBranch_RoutedByCSeqMethod()
    {
        using var fixture = new TransactionFixture();
        var invite = TransactionFixture.Request("INVITE");
        var inviteTransaction = fixture.Layer.StartClientTransaction(invite, TransactionFixture.Udp, fixture.User)!;
        var cancel = SipTransactionRequests.CreateCancel(invite);
        var cancelTransaction = fixture.Layer.StartClientTransaction(cancel, TransactionFixture.Udp, fixture.User)!;

        fixture.Layer.ReceiveResponse(TransactionFixture.Response(cancel, 200), TransactionFixture.Udp);

        Assert.Same(cancelTransaction, Assert.Single(fixture.User.Responses).Transaction);
        Assert.Equal(SipTransactionState.Calling, inviteTransaction.State);
    }

    [Fact]
    public void Dispose_LiveTransactions_StopsTheirTimers()
    {
        var fixture = new TransactionFixture();
        fixture.Layer.StartClientTransaction(TransactionFixture.Request("INVITE"), TransactionFixture.Udp, fixture.User);
        fixture.Layer.ReceiveRequest(TransactionFixture.Request("OPTIONS", "z9hG4bKo"), TransactionFixture.Udp);

        fixture.Dispose();
        fixture.AdvanceTo(60);

        Assert.Equal(0, fixture.Layer.Count);
        Assert.Single(fixture.Transport.Sent);
        Assert.Empty(fixture.User.Responses);
    }

    [Fact]
    public void ReportSendFailure_InviteCalling_TerminatesWith503ToTu()
    {
        using var fixture = new TransactionFixture();
        var invite = TransactionFixture.Request("INVITE");
        var transaction = fixture.Layer.StartClientTransaction(invite, TransactionFixture.Tcp, fixture.User)!;

        fixture.Layer.ReportSendFailure(invite);

        Assert.Equal(503, Assert.Single(fixture.User.Responses).Response.StatusCode);
        Assert.True(transaction.TransportFailed);
        Assert.Equal(0, fixture.Layer.Count);
    }

    [Fact]
    public void ReportSendFailure_AckAfterFinal_ChangesNothing()
    {
        using var fixture = new TransactionFixture();
        var invite = TransactionFixture.Request("INVITE");
        var transaction = fixture.Layer.StartClientTransaction(invite, TransactionFixture.Udp, fixture.User)!;
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(invite, 486), TransactionFixture.Udp);

        fixture.Layer.ReportSendFailure(fixture.Transport.Sent[^1].Message);
        fixture.Layer.ReportSendFailure(invite);

        Assert.Single(fixture.User.Responses);
        Assert.Equal(SipTransactionState.Completed, transaction.State);
    }
}
