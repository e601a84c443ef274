using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Validation;

namespace HomeTelco.Sip.Tests.Conformance;

internal static class TortureAssert
{
    public static SipMessage ParseComplete(string name, SipFraming framing = SipFraming.Datagram)
    {
        var result = SipParser.Parse(TortureMessages.Load(name), framing);
        Assert.True(result.IsComplete, $"{name}: {result.Status} {result.Error}");
        return result.Message;
    }

    public static SipParseError ParseError(string name, SipFraming framing = SipFraming.Datagram)
    {
        var result = SipParser.Parse(TortureMessages.Load(name), framing);
        Assert.Equal(SipParseStatus.Error, result.Status);
        return result.Error!;
    }

    public static SipMessage ValidRequest(string name)
    {
        var message = ParseComplete(name);
        var validation = SipMessageValidator.Validate(message);
        Assert.True(validation.IsValid, $"{name}: {validation.StatusCode} {validation.ReasonPhrase}");
        return message;
    }

    public static SipValidationResult Rejected(string name, int expectedCode)
    {
        var message = ParseComplete(name);
        var validation = SipMessageValidator.Validate(message);
        Assert.False(validation.IsValid, name);
        Assert.Equal(expectedCode, validation.StatusCode);
        Assert.False(validation.Drop);
        return validation;
    }
}
