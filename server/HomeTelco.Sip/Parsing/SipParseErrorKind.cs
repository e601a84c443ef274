namespace HomeTelco.Sip.Parsing;

internal enum SipParseErrorKind
{
    MalformedStartLine,
    UnsupportedVersion,
    InvalidRequestUri,
    RequestUriTooLong,
    MalformedHeader,
    InvalidLineEnding,
    HeaderTooLong,
    TooManyHeaders,
    MessageTooLarge,
    InvalidContentLength,
    ConflictingContentLength,
    MissingContentLength,
    BodyShorterThanContentLength,
    UnterminatedHeaders,
    EmptyMessage,
}
