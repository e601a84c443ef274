using System.Net;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

public sealed class SipEndPointTests
{
    private static readonly IPEndPoint Remote = new(IPAddress.Parse("192.0.2.1"), 5060);

    [Fact]
    public void IsReliable_Udp_False()
    {
        var endPoint = new SipEndPoint(SipTransportKind.Udp, Remote);

        Assert.Null(endPoint.ConnectionId);
        Assert.False(endPoint.IsReliable);
    }

    [Fact]
    public void IsReliable_Tcp_TrueAndKeepsConnection()
    {
        var endPoint = new SipEndPoint(SipTransportKind.Tcp, Remote, 42);

        Assert.Equal(42, endPoint.ConnectionId);
        Assert.True(endPoint.IsReliable);
    }
}
