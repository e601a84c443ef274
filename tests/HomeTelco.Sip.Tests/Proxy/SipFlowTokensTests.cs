using System.Net;
using HomeTelco.Sip.Proxy;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Proxy;

public sealed class SipFlowTokensTests
{
    private static readonly byte[] Key = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    private static readonly SipEndPoint UdpV4 = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("203.0.113.10"), 40000));
    private static readonly SipEndPoint TcpV6 = new(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("2001:db8::7"), 5060), long.MaxValue);

    [Fact]
    public void Create_OneFlow_ReadsBackTheSameFlow()
    {
        var tokens = new SipFlowTokens(Key);

        Assert.True(tokens.TryRead(tokens.Create(UdpV4), out var flows));

        Assert.Equal([UdpV4], flows);
    }

    [Fact]
    public void Create_TwoFlows_ReadBackInOrderWithConnectionIds()
    {
        var tokens = new SipFlowTokens(Key);

        Assert.True(tokens.TryRead(tokens.Create([TcpV6, UdpV4]), out var flows));

        Assert.Equal([TcpV6, UdpV4], flows);
    }

    [Fact]
    public void Create_IsAUriUserPart_Base64UrlWithoutPadding()
    {
        var token = new SipFlowTokens(Key).Create([TcpV6, UdpV4]);

        Assert.Matches("^[A-Za-z0-9_-]+$", token);
    }

    [Fact]
    public void TryRead_AnyCharacterChanged_Refused()
    {
        var tokens = new SipFlowTokens(Key);
        var token = tokens.Create(UdpV4);

        for (var i = 0; i < token.Length; i++)
        {
            var forged = token[..i] + (token[i] == 'A' ? 'B' : 'A') + token[(i + 1)..];
            Assert.False(tokens.TryRead(forged, out _), forged);
        }
    }

    [Fact]
    public void TryRead_SignedWithAnotherKey_Refused()
    {
        var token = SipFlowTokens.CreateRandom().Create(UdpV4);

        Assert.False(new SipFlowTokens(Key).TryRead(token, out _));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("102")]
    [InlineData("alice")]
    [InlineData("not base64!")]
    [InlineData("%41%42")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public void TryRead_NotAToken_RefusedWithoutThrowing(string? text)
    {
        Assert.False(new SipFlowTokens(Key).TryRead(text, out var flows));
        Assert.Empty(flows);
    }

    [Fact]
    public void Constructor_ShortKey_Refused()
    {
        Assert.Throws<ArgumentException>(() => new SipFlowTokens(new byte[16]));
    }
}
