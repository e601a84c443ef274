using System.Net;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

/// Vectors from RFC 5769 §2.2 and §2.3 (the XOR-MAPPED-ADDRESS values of the sample responses).
public sealed class SipStunTests
{
    private static readonly byte[] TransactionId = Convert.FromHexString("b7e7a701bc34d686fa87dfae");

    [Fact]
    public void WriteBindingSuccess_Ipv4_MatchesRfc5769Vector()
    {
        var request = BindingRequest();
        var response = Filled(SipStun.MaxResponseLength + 8);

        var length = SipStun.WriteBindingSuccess(request, new IPEndPoint(IPAddress.Parse("192.0.2.1"), 32853), response.AsSpan(4));

        Assert.Equal(32, length);
        Assert.Equal("0101000c2112a442b7e7a701bc34d686fa87dfae" + "0020000800" + "01a147e112a643", Convert.ToHexStringLower(response, 4, length));
        Assert.Equal([0xFF, 0xFF, 0xFF, 0xFF], response[..4]);
        Assert.All(response[(4 + length)..], b => Assert.Equal(0xFF, b));
    }

    [Fact]
    public void WriteBindingSuccess_Ipv6_MatchesRfc5769Vector()
    {
        var response = new byte[SipStun.MaxResponseLength];

        var length = SipStun.WriteBindingSuccess(BindingRequest(), new IPEndPoint(IPAddress.Parse("2001:db8:1234:5678:11:2233:4455:6677"), 32853), response);

        Assert.Equal(SipStun.MaxResponseLength, length);
        Assert.Equal("01010018", Convert.ToHexStringLower(response, 0, 4));
        Assert.Equal("0020001400" + "02a147" + "0113a9faa5d3f179bc25f4b5bed2b9d9", Convert.ToHexStringLower(response, 20, 24));
    }

    [Fact]
    public void IsBindingRequest_RequestIndicationAndSip_Told()
    {
        var indication = BindingRequest();
        indication[1] = 0x11;

        Assert.True(SipStun.IsBindingRequest(BindingRequest()));
        Assert.True(SipStun.IsStun(indication));
        Assert.False(SipStun.IsBindingRequest(indication));
        Assert.False(SipStun.IsStun(SipText.Bytes(SipText.Options("UDP", "z9hG4bK-stun"))));
    }

    [Theory]
    [InlineData("000100002112a442b7e7a701bc34d686fa87df")] // short header
    [InlineData("000100002112a443b7e7a701bc34d686fa87dfae")] // wrong cookie (RFC 3489)
    [InlineData("000100042112a442b7e7a701bc34d686fa87dfae")] // length says 4, nothing follows
    [InlineData("000100022112a442b7e7a701bc34d686fa87dfae0000")] // length not a multiple of 4
    [InlineData("400100002112a442b7e7a701bc34d686fa87dfae")] // first bits not zero
    public void IsStun_Malformed_False(string hex) => Assert.False(SipStun.IsStun(Convert.FromHexString(hex)));

    private static byte[] BindingRequest() => [0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xA4, 0x42, .. TransactionId];

    private static byte[] Filled(int length) => Enumerable.Repeat((byte)0xFF, length).ToArray();
}
