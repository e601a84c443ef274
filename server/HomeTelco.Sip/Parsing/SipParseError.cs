namespace HomeTelco.Sip.Parsing;

// Why a message could not be parsed, where, and what a server should do about it. StatusCode is the response to
// send (400, 414, 505, 513), or 0 when none applies (a broken response is dropped). FramingLost: on a stream the
// start of the next message is unknown, so the connection must be closed.
internal sealed record SipParseError(SipParseErrorKind Kind, string Reason, int Offset, int StatusCode, bool FramingLost);
