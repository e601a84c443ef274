using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;

namespace HomeTelco.Sip.Tests.Transactions;

public sealed class SipTransactionOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreRfc3261Values()
    {
        var options = new SipTransactionOptions();

        options.Validate();
        Assert.Equal((0.5, 4.0, 5.0, 32.0), (options.T1.TotalSeconds, options.T2.TotalSeconds, options.T4.TotalSeconds, options.TimeoutInterval.TotalSeconds));
    }

    [Theory]
    [InlineData(0, 4000, 5000, 10)]
    [InlineData(500, 400, 5000, 10)]
    [InlineData(500, 4000, 0, 10)]
    [InlineData(500, 4000, 5000, 0)]
    public void Validate_BadValue_Throws(int t1, int t2, int t4, int max)
    {
        var options = new SipTransactionOptions
        {
            T1 = TimeSpan.FromMilliseconds(t1),
            T2 = TimeSpan.FromMilliseconds(t2),
            T4 = TimeSpan.FromMilliseconds(t4),
            MaxTransactions = max,
        };

        Assert.Throws<ArgumentException>(options.Validate);
    }

    [Fact]
    public void T1_Configured_ScalesRetransmissionsAndTimeout()
    {
        using var fixture = new TransactionFixture(new SipTransactionOptions { T1 = TimeSpan.FromMilliseconds(100), T2 = TimeSpan.FromMilliseconds(400) });
        fixture.Layer.StartClientTransaction(TransactionFixture.Request("OPTIONS", "z9hG4bKt1"), TransactionFixture.Udp, fixture.User);

        fixture.AdvanceTo(10);

        static bool IsOptions(SipMessage m) => m.IsRequest;
        Assert.Equal([0, 0.1, 0.3, 0.7, 1.1, 1.5, 1.9, 2.3, 2.7, 3.1, 3.5, 3.9, 4.3, 4.7, 5.1, 5.5, 5.9, 6.3], fixture.Transport.TimesOf(IsOptions));
        Assert.Equal(408, Assert.Single(fixture.User.Responses).Response.StatusCode);
    }
}
