using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Validation;
using static HomeTelco.Sip.Tests.Conformance.TortureAssert;

namespace HomeTelco.Sip.Tests.Conformance;

// RFC 4475 §3.1.2: invalid messages are rejected with 400 (or the specific code) when a response can be formed,
// dropped otherwise; never an exception.
public sealed class Rfc4475InvalidMessageTests
{
    [Theory]
    [InlineData("badinv01")]
    [InlineData("clerr")]
    [InlineData("ncl")]
    [InlineData("scalar02")]
    [InlineData("scalarlg")]
    [InlineData("quotbal")]
    [InlineData("ltgtruri")]
    [InlineData("lwsruri")]
    [InlineData("lwsstart")]
    [InlineData("trws")]
    [InlineData("escruri")]
    [InlineData("baddate")]
    [InlineData("regbadct")]
    [InlineData("badaspec")]
    [InlineData("baddn")]
    [InlineData("badvers")]
    [InlineData("mismatch01")]
    [InlineData("mismatch02")]
    [InlineData("bigcode")]
    public void Parse_InvalidTortureMessage_IsRejectedAsRfcPrescribes(string name)
    {
        switch (name)
        {
            // Rejected by the parser itself: start line or framing.
            case "clerr":
                AssertParserRejects(name, SipParseErrorKind.BodyShorterThanContentLength, 400, canRespond: true);
                Assert.Equal(SipParseStatus.Incomplete, SipParser.Parse(TortureMessages.Load(name), SipFraming.Stream).Status);
                break;
            case "ncl":
                var ncl = AssertParserRejects(name, SipParseErrorKind.InvalidContentLength, 400, canRespond: false);
                Assert.True(ncl.FramingLost);
                break;
            case "ltgtruri":
            case "lwsruri":
                AssertParserRejects(name, SipParseErrorKind.InvalidRequestUri, 400, canRespond: true);
                break;
            case "lwsstart":
                AssertParserRejects(name, SipParseErrorKind.InvalidRequestUri, 400, canRespond: true);
                break;
            case "trws":
                AssertParserRejects(name, SipParseErrorKind.MalformedStartLine, 400, canRespond: true);
                break;
            case "badvers":
                var badvers = AssertParserRejects(name, SipParseErrorKind.UnsupportedVersion, 505, canRespond: true);
                Assert.False(badvers.FramingLost);
                break;
            case "bigcode":
                AssertParserRejects(name, SipParseErrorKind.MalformedStartLine, 0, canRespond: false);
                break;

            // Framed fine; the server's validation answers.
            case "badinv01":
                Assert.Contains("Via", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                Assert.False(ParseComplete(name).GetContacts().IsSuccess);
                break;
            case "scalar02":
                Assert.Contains("CSeq", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                var scalar = ParseComplete(name);
                Assert.False(scalar.TryGetMaxForwards(out _));
                Assert.False(scalar.TryGetExpires(out _));
                Assert.Null(scalar.GetContacts().Value![0].Expires);
                break;
            case "scalarlg":
                var response = ParseComplete(name);
                Assert.False(response.GetCSeq().IsSuccess);
                Assert.True(SipMessageValidator.Validate(response).Drop);
                break;
            case "quotbal":
            case "badaspec":
                Assert.Contains("To", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                break;
            case "baddn":
                Assert.Contains("From", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                break;
            case "escruri":
                Assert.Contains("Request-URI", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                break;
            case "baddate":
                Assert.Contains("Date", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                break;
            case "regbadct":
                Assert.Contains("Contact", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                break;
            case "mismatch01":
            case "mismatch02":
                Assert.Contains("CSeq method", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                break;
            default:
                Assert.Fail("no expectation for " + name);
                break;
        }
    }

    private static SipParseError AssertParserRejects(string name, SipParseErrorKind kind, int code, bool canRespond)
    {
        var result = SipParser.Parse(TortureMessages.Load(name), SipFraming.Datagram);
        Assert.Equal(SipParseStatus.Error, result.Status);
        Assert.Equal(kind, result.Error!.Kind);
        Assert.Equal(code, result.Error.StatusCode);
        Assert.Equal(canRespond, result.CanRespond);
        if (canRespond)
        {
            // The partial message carries what the response needs.
            var reply = SipResponseBuilder.CreateResponse(result.Message!, code);
            Assert.Equal(code, reply.StatusCode);
            Assert.True(reply.Headers.Contains(SipHeaderKind.Via));
        }

        return result.Error;
    }
}
