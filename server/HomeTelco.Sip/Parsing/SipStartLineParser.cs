using System.Text;
using HomeTelco.Sip.Syntax;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Parsing;

/// Request-Line and Status-Line (RFC 3261 §7.1, §7.2): single SPs, no leading or trailing whitespace.
internal static class SipStartLineParser
{
    private const string SipMessageVersion = "SIP/2.0";

    private enum VersionCheck
    {
        Supported,
        Unsupported,
        Malformed,
    }

    /// Parses the start line at <paramref name="offset"/> of the message (offsets in errors are message offsets).
    public static SipStartLine Parse(ReadOnlySpan<byte> line, int offset, SipParserLimits limits)
    {
        // "SIP/" cannot begin a method that is followed by a space-separated URI and version in a valid request, and
        // RFC 3261 §7 tells the two kinds apart by the first token exactly this way.
        return line.Length >= 4 && Ascii.EqualsIgnoreCase(line[..4], "SIP/"u8)
            ? ParseStatusLine(line, offset)
            : ParseRequestLine(line, offset, limits);
    }

    private static SipStartLine ParseRequestLine(ReadOnlySpan<byte> line, int offset, SipParserLimits limits)
    {
        var firstSpace = line.IndexOf((byte)' ');
        if (firstSpace <= 0 || !SipChars.IsAllToken(line[..firstSpace]))
        {
            return RequestError(string.Empty, "Malformed Request-Line", offset, 400, SipParseErrorKind.MalformedStartLine);
        }

        var method = InternMethod(line[..firstSpace]);
        var lastSpace = line.LastIndexOf((byte)' ');
        var version = line[(lastSpace + 1)..];
        if (version.IsEmpty)
        {
            return RequestError(method, "Trailing whitespace in Request-Line", offset + lastSpace, 400, SipParseErrorKind.MalformedStartLine);
        }

        if (lastSpace == firstSpace)
        {
            return RequestError(method, "Request-Line has no Request-URI", offset + firstSpace, 400, SipParseErrorKind.MalformedStartLine);
        }

        var uriStart = firstSpace + 1;
        var uri = line[uriStart..lastSpace];
        var bad = uri.IndexOfAny((byte)' ', (byte)'\t');
        if (bad >= 0)
        {
            return RequestError(method, "Whitespace in Request-URI", offset + uriStart + bad, 400, SipParseErrorKind.InvalidRequestUri);
        }

        switch (CheckVersion(version))
        {
            case VersionCheck.Unsupported:
                return RequestError(method, "Version Not Supported", offset + lastSpace + 1, 505, SipParseErrorKind.UnsupportedVersion);
            case VersionCheck.Malformed:
                return RequestError(method, "Malformed SIP-Version", offset + lastSpace + 1, 400, SipParseErrorKind.MalformedStartLine);
        }

        if (uri.Length > limits.MaxUriLength)
        {
            return RequestError(method, "Request-URI Too Long", offset + uriStart, 414, SipParseErrorKind.RequestUriTooLong);
        }

        var parsed = SipUriParser.Parse(uri);
        if (!parsed.IsSuccess)
        {
            return RequestError(method, "Invalid Request-URI: " + parsed.Error, offset + uriStart + parsed.Offset, 400, SipParseErrorKind.InvalidRequestUri);
        }

        return new SipStartLine(true, method, new Range(offset + uriStart, offset + lastSpace), parsed.Value, SipMessageVersion, 0, string.Empty, null);
    }

    private static SipStartLine ParseStatusLine(ReadOnlySpan<byte> line, int offset)
    {
        var space = line.IndexOf((byte)' ');
        var version = space < 0 ? line : line[..space];
        var check = CheckVersion(version);
        if (check != VersionCheck.Supported)
        {
            // Nobody answers a response; the code is 0 so the caller drops it.
            return ResponseError(check == VersionCheck.Unsupported ? "Unsupported SIP-Version in Status-Line" : "Malformed SIP-Version", offset);
        }

        var rest = line[(space + 1)..];
        if (space < 0 || rest.Length < 3 || (rest.Length > 3 && rest[3] != (byte)' ')
            || !SipCursor.TryParseDecimal(rest[..3], 699, out var code) || code < 100)
        {
            return ResponseError("Malformed Status-Code", offset + space + 1);
        }

        var reason = rest.Length > 4 ? Encoding.UTF8.GetString(rest[4..]) : string.Empty;
        return new SipStartLine(false, string.Empty, default, null, SipMessageVersion, (int)code, reason, null);
    }

    private static VersionCheck CheckVersion(ReadOnlySpan<byte> version)
    {
        if (version.Length < 7 || !Ascii.EqualsIgnoreCase(version[..4], "SIP/"u8))
        {
            return VersionCheck.Malformed;
        }

        var numbers = version[4..];
        var dot = numbers.IndexOf((byte)'.');
        if (dot <= 0 || dot == numbers.Length - 1
            || numbers[..dot].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0
            || numbers[(dot + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9') >= 0)
        {
            return VersionCheck.Malformed;
        }

        return numbers.SequenceEqual("2.0"u8) ? VersionCheck.Supported : VersionCheck.Unsupported;
    }

    private static SipStartLine RequestError(string method, string reason, int offset, int code, SipParseErrorKind kind) =>
        new(true, method, default, null, SipMessageVersion, 0, string.Empty, new SipParseError(kind, reason, offset, code, FramingLost: false));

    private static SipStartLine ResponseError(string reason, int offset) =>
        new(false, string.Empty, default, null, SipMessageVersion, 0, string.Empty, new SipParseError(SipParseErrorKind.MalformedStartLine, reason, offset, 0, FramingLost: false));

    // The common methods come back as shared strings so parsing them allocates nothing.
    private static readonly string[] KnownMethods =
        ["INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "PRACK", "SUBSCRIBE", "NOTIFY", "PUBLISH", "INFO", "REFER", "MESSAGE", "UPDATE"];

    private static string InternMethod(ReadOnlySpan<byte> method) => SipKnownTokens.Get(method, KnownMethods);
}
