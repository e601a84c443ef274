namespace HomeTelco.Sip.Validation;

// What a server does with a message after syntax checks: process it, answer StatusCode/ReasonPhrase, or drop it
// silently (a bad response, or a request with no Via to answer along).
internal sealed record SipValidationResult(bool IsValid, int StatusCode, string ReasonPhrase, bool Drop)
{
    public static SipValidationResult Valid { get; } = new(true, 0, string.Empty, false);

    public static SipValidationResult Reject(int statusCode, string reasonPhrase) => new(false, statusCode, reasonPhrase, false);

    public static SipValidationResult Discard(string why) => new(false, 0, why, true);
}
