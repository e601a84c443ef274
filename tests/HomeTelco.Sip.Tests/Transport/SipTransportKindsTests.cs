using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

public sealed class SipTransportKindsTests
{
    [Theory]
    [InlineData((int)SipTransportKind.Udp, "UDP")]
    [InlineData((int)SipTransportKind.Tcp, "TCP")]
    [InlineData((int)SipTransportKind.Tls, "TLS")]
    [InlineData((int)SipTransportKind.Ws, "WS")]
    [InlineData((int)SipTransportKind.Wss, "WSS")]
    public void ViaToken_RoundTripsCaseInsensitively(int value, string token)
    {
        var kind = (SipTransportKind)value;
        Assert.Equal(token, SipTransportKinds.ViaToken(kind));
        Assert.True(SipTransportKinds.TryParseViaToken(token.ToLowerInvariant(), out var parsed));
        Assert.Equal(kind, parsed);
    }

    [Theory]
    [InlineData("SCTP")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParseViaToken_Unknown_False(string? token) => Assert.False(SipTransportKinds.TryParseViaToken(token, out _));

    [Theory]
    [InlineData(null, false, (int)SipTransportKind.Udp)]
    [InlineData("tcp", false, (int)SipTransportKind.Tcp)]
    [InlineData("ws", false, (int)SipTransportKind.Ws)]
    [InlineData(null, true, (int)SipTransportKind.Tls)]
    [InlineData("tcp", true, (int)SipTransportKind.Tls)]
    [InlineData("ws", true, (int)SipTransportKind.Wss)]
    public void TryFromUriParameter_SipsMeansSecure(string? transport, bool sips, int expected)
    {
        Assert.True(SipTransportKinds.TryFromUriParameter(transport, sips, out var kind));
        Assert.Equal((SipTransportKind)expected, kind);
    }

    [Fact]
    public void TryFromUriParameter_SipsOverUdp_Refused() => Assert.False(SipTransportKinds.TryFromUriParameter("udp", sips: true, out _));

    [Theory]
    [InlineData((int)SipTransportKind.Udp, false)]
    [InlineData((int)SipTransportKind.Tcp, true)]
    [InlineData((int)SipTransportKind.Tls, true)]
    [InlineData((int)SipTransportKind.Ws, true)]
    [InlineData((int)SipTransportKind.Wss, true)]
    public void IsReliable_EverythingButUdp(int value, bool reliable)
    {
        var kind = (SipTransportKind)value;
        Assert.Equal(reliable, new SipEndPoint(kind, new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 5060)).IsReliable);
        Assert.Equal(reliable, SipTransportKinds.IsStream(kind));
    }
}
