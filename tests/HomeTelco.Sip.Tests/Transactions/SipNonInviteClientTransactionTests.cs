using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

public sealed class SipNonInviteClientTransactionTests
{
    private const string Branch = "z9hG4bKreg1";

    private static bool IsRegister(SipMessage message) => message.IsRequest && message.Method == "REGISTER";

    [Fact]
    public void Start_Udp_RetransmitsOnTimerECappedAtT2AndTimesOutOnTimerF()
    {
        using var fixture = new TransactionFixture();
        var transaction = fixture.Layer.StartClientTransaction(TransactionFixture.Request("REGISTER", Branch), TransactionFixture.Udp, fixture.User)!;

        fixture.AdvanceTo(40);

        Assert.Equal([0, 0.5, 1.5, 3.5, 7.5, 11.5, 15.5, 19.5, 23.5, 27.5, 31.5], fixture.Transport.TimesOf(IsRegister));
        Assert.Equal(408, Assert.Single(fixture.User.Responses).Response.StatusCode);
        Assert.True(transaction.TimedOut);
        Assert.Equal(0, fixture.Layer.Count);
    }

    [Fact]
    public void OnResponse_ProvisionalWhileTrying_RetransmitsEveryT2()
    {
        using var fixture = new TransactionFixture();
        var request = TransactionFixture.Request("REGISTER", Branch);
        var transaction = fixture.Layer.StartClientTransaction(request, TransactionFixture.Udp, fixture.User)!;

        fixture.AdvanceTo(0.6);
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(request, 100), TransactionFixture.Udp);
        fixture.AdvanceTo(10);

        Assert.Equal(SipTransactionState.Proceeding, transaction.State);
        Assert.Equal([0, 0.5, 1.5, 5.5, 9.5], fixture.Transport.TimesOf(IsRegister));
    }

    [Fact]
    public void OnResponse_FinalOverUdp_AbsorbsRetransmissionsUntilTimerK()
    {
        using var fixture = new TransactionFixture();
        var request = TransactionFixture.Request("REGISTER", Branch);
        var transaction = fixture.Layer.StartClientTransaction(request, TransactionFixture.Udp, fixture.User)!;
        var ok = TransactionFixture.Response(request, 200);

        fixture.AdvanceTo(1);
        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);
        fixture.Layer.ReceiveResponse(ok, TransactionFixture.Udp);

        Assert.Equal(SipTransactionState.Completed, transaction.State);
        Assert.Single(fixture.User.Responses);
        fixture.AdvanceTo(5.99);
        Assert.Equal(1, fixture.Layer.Count);
        fixture.AdvanceTo(6);
        Assert.Equal(0, fixture.Layer.Count);
        Assert.Equal([0, 0.5], fixture.Transport.TimesOf(IsRegister));
    }

    [Fact]
    public void OnResponse_FinalOverTcp_TerminatesAtOnceWithoutRetransmitting()
    {
        using var fixture = new TransactionFixture();
        var request = TransactionFixture.Request("REGISTER", Branch);
        var transaction = fixture.Layer.StartClientTransaction(request, TransactionFixture.Tcp, fixture.User)!;

        fixture.AdvanceTo(3);
        fixture.Layer.ReceiveResponse(TransactionFixture.Response(request, 401), TransactionFixture.Tcp);

        Assert.Equal([0], fixture.Transport.TimesOf(IsRegister));
        Assert.Equal(SipTransactionState.Terminated, transaction.State);
        Assert.Equal(0, fixture.Layer.Count);
    }
}
