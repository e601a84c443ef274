using System.Net;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transactions;

public sealed class SipEndPointTests
{
    private static readonly IPEndPoint Remote = new(IPAddress.Parse("192.0.2.1"), 5060);

    [Fact]
    public void FromSource_Udp_HasNoConnectionAndIsUnreliable()
    {
        var endPoint = SipEndPoint.FromSource(new SipSource(SipTransportKind.Udp, Remote));

        Assert.Equal(new SipEndPoint(SipTransportKind.Udp, Remote), endPoint);
        Assert.False(endPoint.IsReliable);
    }

    [Fact]
    public void FromSource_Tcp_KeepsConnectionAndIsReliable()
    {
        var endPoint = SipEndPoint.FromSource(new SipSource(SipTransportKind.Tcp, Remote, 42));

        Assert.Equal(42, endPoint.ConnectionId);
        Assert.True(endPoint.IsReliable);
    }
}
