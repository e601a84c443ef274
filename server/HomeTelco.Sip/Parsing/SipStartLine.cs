using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Parsing;

// The pieces of a start line; Error is set when the line is unusable, in which case the other fields hold whatever
// could still be read (a method for the error response, say).
internal readonly record struct SipStartLine(
    bool IsRequest,
    string Method,
    Range RequestUri,
    SipUri? ParsedUri,
    string Version,
    int StatusCode,
    string ReasonPhrase,
    SipParseError? Error);
