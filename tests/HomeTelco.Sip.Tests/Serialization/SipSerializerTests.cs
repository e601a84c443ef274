using System.Text;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Serialization;
using HomeTelco.Sip.Tests.Conformance;

namespace HomeTelco.Sip.Tests.Serialization;

public sealed class SipSerializerTests
{
    // Golden vectors: serializing what was parsed gives back these exact bytes.
    private const string RegisterHex =
        "5245474953544552207369703a6578616d706c652e636f6d205349502f322e300d0a" + // REGISTER sip:example.com SIP/2.0
        "5669613a205349502f322e302f5544502031302e302e302e323a353036303b6272616e63683d7a39684734624b61310d0a" + // Via: SIP/2.0/UDP 10.0.0.2:5060;branch=z9hG4bKa1
        "4d61782d466f7277617264733a2037300d0a" + // Max-Forwards: 70
        "546f3a203c7369703a313030406578616d706c652e636f6d3e0d0a" + // To: <sip:100@example.com>
        "46726f6d3a203c7369703a313030406578616d706c652e636f6d3e3b7461673d310d0a" + // From: <sip:100@example.com>;tag=1
        "43616c6c2d49443a20610d0a" + // Call-ID: a
        "435365713a20312052454749535445520d0a" + // CSeq: 1 REGISTER
        "436f6e746163743a203c7369703a3130304031302e302e302e323e0d0a" + // Contact: <sip:100@10.0.0.2>
        "436f6e74656e742d4c656e6774683a20300d0a" + // Content-Length: 0
        "0d0a";

    private const string InviteText =
        "INVITE sip:200@example.com SIP/2.0\r\n" +
        "v: SIP/2.0/TCP 10.0.0.3;branch=z9hG4bKb2;rport\r\n" +
        "f: \"Alice\" <sip:100@example.com>;tag=9\r\n" +
        "t: <sip:200@example.com>\r\n" +
        "i: b@10.0.0.3\r\n" +
        "CSeq: 2 INVITE\r\n" +
        "Max-Forwards: 70\r\n" +
        "c: application/sdp\r\n" +
        "l: 4\r\n" +
        "\r\n" +
        "v=0\n";

    [Fact]
    public void TryWrite_ParsedRegister_ReproducesGoldenBytes()
    {
        var golden = Convert.FromHexString(RegisterHex);
        var message = SipParser.Parse(golden, SipFraming.Stream).Message!;

        var bytes = SipSerializer.ToArray(message);

        Assert.Equal(RegisterHex, Convert.ToHexStringLower(bytes));
    }

    [Fact]
    public void TryWrite_ParsedInviteWithCompactForms_ReproducesGoldenBytes()
    {
        var golden = Encoding.UTF8.GetBytes(InviteText);
        var message = SipParser.Parse(golden, SipFraming.Stream).Message!;

        Assert.Equal(golden, SipSerializer.ToArray(message));
        Assert.Equal(golden.Length, SipSerializer.GetByteCount(message));
    }

    [Theory]
    [InlineData("wsinv")]
    [InlineData("intmeth")]
    [InlineData("esc01")]
    [InlineData("longreq")]
    [InlineData("mpart01")]
    [InlineData("unreason")]
    [InlineData("transports")]
    public void TryWrite_ThenParse_RoundTripsTortureMessage(string name)
    {
        var original = TortureAssert.ParseComplete(name);

        var again = SipParser.Parse(SipSerializer.ToArray(original), SipFraming.Stream);

        Assert.True(again.IsComplete);
        AssertSame(original, again.Message);
    }

    [Fact]
    public void TryWrite_AtOffsetIntoPrefilledBuffer_WritesOnlyItsBytes()
    {
        var message = SipParser.Parse(Encoding.UTF8.GetBytes(InviteText), SipFraming.Stream).Message!;
        var count = SipSerializer.GetByteCount(message);
        var buffer = new byte[count + 64];
        Array.Fill(buffer, (byte)0xFF);

        Assert.True(SipSerializer.TryWrite(message, buffer.AsSpan(17), out var written));

        Assert.Equal(count, written);
        Assert.All(buffer[..17], b => Assert.Equal(0xFF, b));
        Assert.All(buffer[(17 + written)..], b => Assert.Equal(0xFF, b));
        Assert.Equal(Encoding.UTF8.GetBytes(InviteText), buffer[17..(17 + written)]);
    }

    [Fact]
    public void TryWrite_BufferTooSmall_ReturnsFalse()
    {
        var message = SipParser.Parse(Encoding.UTF8.GetBytes(InviteText), SipFraming.Stream).Message!;
        var count = SipSerializer.GetByteCount(message);

        for (var size = 0; size < count; size += 7)
        {
            Assert.False(SipSerializer.TryWrite(message, new byte[size], out var written));
            Assert.Equal(0, written);
        }
    }

    [Fact]
    public void TryWrite_BodyChanged_RewritesContentLength()
    {
        var message = SipParser.Parse(Encoding.UTF8.GetBytes(InviteText), SipFraming.Stream).Message!;
        message.Body = "v=0\r\no=- 1 1 IN IP4 10.0.0.3\r\n"u8.ToArray();

        var reparsed = SipParser.Parse(SipSerializer.ToArray(message), SipFraming.Stream).Message!;

        Assert.True(reparsed.TryGetContentLength(out var length));
        Assert.Equal((uint)message.Body.Length, length);
    }

    [Fact]
    public void TryWrite_NoContentLengthHeader_AppendsOne()
    {
        var response = SipMessage.CreateResponse(200, "OK");
        response.Headers.Add("Via", "SIP/2.0/UDP h;branch=z9hG4bKx");

        var text = Encoding.UTF8.GetString(SipSerializer.ToArray(response));

        Assert.Equal("SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nContent-Length: 0\r\n\r\n", text);
    }

    private static void AssertSame(SipMessage expected, SipMessage actual)
    {
        Assert.Equal(expected.IsRequest, actual.IsRequest);
        Assert.Equal(expected.Method, actual.Method);
        Assert.Equal(expected.RawRequestUri.ToArray(), actual.RawRequestUri.ToArray());
        Assert.Equal(expected.StatusCode, actual.StatusCode);
        Assert.Equal(expected.ReasonPhrase, actual.ReasonPhrase);
        Assert.Equal(expected.Headers.Count, actual.Headers.Count);
        for (var i = 0; i < expected.Headers.Count; i++)
        {
            Assert.Equal(expected.Headers[i].Name, actual.Headers[i].Name);
            Assert.Equal(expected.Headers[i].Kind, actual.Headers[i].Kind);
            Assert.Equal(expected.Headers[i].RawValue.ToArray(), actual.Headers[i].RawValue.ToArray());
        }

        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
    }
}
