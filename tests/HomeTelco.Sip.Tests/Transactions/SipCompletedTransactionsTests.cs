using HomeTelco.Core.Profiles;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

/// The compact Completed table behind non-INVITE server transactions over UDP.
public sealed class SipCompletedTransactionsTests
{
    private static SipMessage Options(string branch) => TransactionFixture.Request("OPTIONS", branch);

    [Fact]
    public void ReceiveRequest_CompletedOverUdp_LeavesOnlyTheCompactEntryAndAnswersRetransmissionsWithTheSameBytes()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(Options("z9hG4bKc1"), TransactionFixture.Udp);

        fixture.Layer.ReceiveRequest(Options("z9hG4bKc1"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(Options("z9hG4bKc1"), TransactionFixture.Udp);

        Assert.Single(fixture.User.Requests);
        Assert.Equal(1, fixture.Layer.Count);
        Assert.Equal(3, fixture.Transport.Sent.Count);
        Assert.All(fixture.Transport.Sent, s => Assert.Equal(TransactionFixture.Udp, s.Destination));
        var first = fixture.Transport.Sent[0].Message;
        Assert.All(fixture.Transport.Sent, s => Assert.Equal(first.GetTopVia().Value!.Branch, s.Message.GetTopVia().Value!.Branch));
        Assert.All(fixture.Transport.Sent, s => Assert.Equal(first.GetTo().Value!.Tag, s.Message.GetTo().Value!.Tag));
    }

    [Fact]
    public void ReceiveRequest_CompletedTableFull_ShedsTheOldestInsteadOfRefusing()
    {
        using var fixture = new TransactionFixture(new SipTransactionOptions { MaxTransactions = 1, MaxCompletedTransactions = 2 });
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(Options("z9hG4bKs1"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(Options("z9hG4bKs2"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(Options("z9hG4bKs3"), TransactionFixture.Udp);

        // s1 was shed: its retransmission is a new request for the TU; s3's is answered from the table.
        fixture.Layer.ReceiveRequest(Options("z9hG4bKs1"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(Options("z9hG4bKs3"), TransactionFixture.Udp);

        Assert.Equal(4, fixture.User.Requests.Count);
        Assert.Empty(fixture.Transport.TimesOf(m => m.StatusCode == 503));
        Assert.Equal(5, fixture.Transport.TimesOf(m => m.StatusCode == 200).Length);
        Assert.Equal(2, fixture.Layer.Count);
        Assert.Equal(2, fixture.Layer.ShedCompleted);
    }

    [Fact]
    public void Sweep_TimerJ_EmptiesTheTableInArrivalOrder()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(Options("z9hG4bKt1"), TransactionFixture.Udp);
        fixture.AdvanceTo(10);
        fixture.Layer.ReceiveRequest(Options("z9hG4bKt2"), TransactionFixture.Udp);

        fixture.AdvanceTo(32);
        Assert.Equal(1, fixture.Layer.Count);
        fixture.AdvanceTo(42);

        Assert.Equal(0, fixture.Layer.Count);
        Assert.Equal(0, fixture.Layer.ShedCompleted);
    }

    [Fact]
    public void ReceiveRequest_CompletedOverTcpOrRfc2543_KeepsTheWholeTransaction()
    {
        using var fixture = new TransactionFixture();
        fixture.User.AnswerWith = 200;
        fixture.Layer.ReceiveRequest(Options("1234legacy"), TransactionFixture.Udp);
        fixture.Layer.ReceiveRequest(Options("1234legacy"), TransactionFixture.Udp);

        Assert.Single(fixture.User.Requests);
        Assert.Equal(2, fixture.Transport.TimesOf(m => m.StatusCode == 200).Length);
        Assert.Equal(SipTransactionState.Completed, fixture.User.Requests[0].Transaction.State);
    }

    [Theory]
    [InlineData(96, 1536, 6144)]
    [InlineData(2048, 32768, 131072)]
    [InlineData(16, 1024, 4096)]
    public void ForProfile_SizesBothTablesFromTheMemoryBudget(int budgetMb, int live, int completed)
    {
        var profile = new HardwareProfile
        {
            Name = "test",
            Description = "test",
            MemoryBudgetMb = budgetMb,
            MaxConcurrentTranscodes = 0,
            HardwareAcceleration = "none",
            MaxActiveTorrents = 1,
            MaxTorrentPeers = 1,
            TorrentDiskCacheMb = 1,
            MediaCacheMb = 1,
            MaxSipRegistrations = 1,
            MaxSipCalls = 1,
            ScanParallelism = 1,
        };

        var options = SipTransactionOptions.ForProfile(profile);

        Assert.Equal(live, options.MaxTransactions);
        Assert.Equal(completed, options.MaxCompletedTransactions);
        options.Validate();
    }
}
