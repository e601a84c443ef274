using System.Text;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Validation;

namespace HomeTelco.Sip.Tests.Validation;

public sealed class SipMessageValidatorTests
{
    private const string Base =
        "OPTIONS sip:bob@example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n" +
        "Max-Forwards: 70\r\n" +
        "To: <sip:bob@example.com>\r\n" +
        "From: <sip:alice@example.com>;tag=1\r\n" +
        "Call-ID: c1\r\n" +
        "CSeq: 1 OPTIONS\r\n";

    private static SipValidationResult Validate(string text)
    {
        var parsed = SipParser.Parse(Encoding.UTF8.GetBytes(text + "Content-Length: 0\r\n\r\n"), SipFraming.Stream);
        Assert.True(parsed.IsComplete, parsed.Error?.Reason);
        return SipMessageValidator.Validate(parsed.Message);
    }

    [Fact]
    public void Validate_WellFormedRequest_IsValid()
    {
        Assert.True(Validate(Base).IsValid);
    }

    [Fact]
    public void Validate_NoVia_IsDropped()
    {
        Assert.True(Validate(Base.Replace("Via: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\r\n", string.Empty, StringComparison.Ordinal)).Drop);
    }

    [Theory]
    [InlineData("Call-ID: c1\r\n", "", 400)]
    [InlineData("CSeq: 1 OPTIONS\r\n", "CSeq: 1 INVITE\r\n", 400)]
    [InlineData("Max-Forwards: 70\r\n", "Max-Forwards: 300\r\n", 400)]
    [InlineData("Max-Forwards: 70\r\n", "Max-Forwards: 70\r\nMax-Forwards: 69\r\n", 400)]
    [InlineData("sip:bob@example.com SIP", "mailto:bob@example.com SIP", 416)]
    [InlineData("sip:bob@example.com SIP", "sip:bob@example.com?Subject=x SIP", 400)]
    [InlineData("Call-ID: c1\r\n", "Call-ID: c1\r\nRequire: a,,b\r\n", 400)]
    [InlineData("Call-ID: c1\r\n", "Call-ID: c1\r\nRoute: sip:p.example.com;lr\r\n", 400)]
    [InlineData("Call-ID: c1\r\n", "Call-ID: c1\r\nDate: Sat, 13 Nov 2010 23:29:00 PST\r\n", 400)]
    public void Validate_BrokenRequest_NamesTheResponse(string find, string replace, int code)
    {
        var result = Validate(Base.Replace(find, replace, StringComparison.Ordinal));

        Assert.False(result.IsValid);
        Assert.Equal(code, result.StatusCode);
    }

    [Fact]
    public void Validate_MissingMaxForwards_IsAcceptedPerRfc3261Section16_3()
    {
        Assert.True(Validate(Base.Replace("Max-Forwards: 70\r\n", string.Empty, StringComparison.Ordinal)).IsValid);
    }

    [Fact]
    public void Validate_ModelBodyShorterThanContentLength_Is400()
    {
        var message = SipParser.Parse(Encoding.UTF8.GetBytes(Base + "Content-Length: 3\r\n\r\nabc"), SipFraming.Stream).Message!;
        message.Body = "ab"u8.ToArray();

        Assert.Equal(400, SipMessageValidator.Validate(message).StatusCode);
    }

    [Fact]
    public void Validate_ResponseWithBadCSeq_IsDropped()
    {
        var parsed = SipParser.Parse(Encoding.UTF8.GetBytes(
            "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nTo: <sip:a@b>;tag=2\r\nFrom: <sip:c@d>;tag=1\r\nCall-ID: x\r\nCSeq: 99999999999 INVITE\r\nl: 0\r\n\r\n"), SipFraming.Stream);

        Assert.True(SipMessageValidator.Validate(parsed.Message!).Drop);
    }
}
