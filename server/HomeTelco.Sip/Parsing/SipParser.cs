using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Parsing;

/// Frames and parses one SIP message (RFC 3261 §7, §18.3). Pure: never throws on input, never copies the buffer;
/// headers keep slices of <c>input</c> and only folded values are copied (unfolded). Typed header values are parsed
/// later, on demand, by the header parsers.
/// Line ends must be CRLF. A bare LF or CR is rejected rather than tolerated: RFC 3261 requires CRLF, no RFC 4475 case
/// needs leniency, and two elements that disagree on where a line ends disagree on where a message ends, which is how
/// requests get smuggled past a proxy.
internal static class SipParser
{
    public static SipParseResult Parse(ReadOnlyMemory<byte> input, SipFraming framing, SipParserLimits? limits = null)
    {
        limits ??= SipParserLimits.Default;
        var span = input.Span;
        var stream = framing == SipFraming.Stream;

        // RFC 3261 §7.5: CRLFs before the start line are ignored (they are RFC 5626 keep-alives on streams).
        var start = 0;
        while (span.Length - start >= 2 && span[start] == (byte)'\r' && span[start + 1] == (byte)'\n')
        {
            start += 2;
        }

        if (start == span.Length || (span.Length - start == 1 && span[start] == (byte)'\r'))
        {
            return stream
                ? SipParseResult.Incomplete(start)
                : Fail(SipParseErrorKind.EmptyMessage, "Empty datagram", start, 0, true);
        }

        // Start line.
        var lineStatus = FindFieldEnd(span, start, stream, limits, allowFolding: false, out var lineEnd, out var next, out _);
        if (lineStatus is not null)
        {
            return lineStatus.Value;
        }

        var startLine = SipStartLineParser.Parse(span[start..lineEnd], start, limits);

        // Header fields, in a list sized by the lines before the empty one (folded lines count extra): a fixed start of
        // sixteen was 640 bytes for every message, most of it never used.
        var headerBlock = span[next..];
        var blankLine = headerBlock.IndexOf("\r\n\r\n"u8);
        var headerLines = (blankLine < 0 ? headerBlock : headerBlock[..(blankLine + 2)]).Count((byte)'\n');
        var headers = new SipHeaderCollection(Math.Clamp(headerLines, 1, 64));
        long? contentLength = null;
        var pos = next;
        var endOfHeaders = false;
        while (!endOfHeaders)
        {
            if (pos >= span.Length)
            {
                // Only datagram framing gets here: the datagram ended after a header line without the empty line.
                // RFC 4475's baddn.dat is such a datagram; the message is otherwise whole, so we read it as ended.
                break;
            }

            if (span.Length - pos < 2)
            {
                if (stream)
                {
                    return CheckedIncomplete(span, start, limits);
                }

                return Fail(SipParseErrorKind.UnterminatedHeaders, "Header section not terminated", pos, 400, true);
            }

            if (span[pos] == (byte)'\r' && span[pos + 1] == (byte)'\n')
            {
                pos += 2;
                break;
            }

            if (SipChars.IsWhitespace(span[pos]))
            {
                return Fail(SipParseErrorKind.MalformedHeader, "Continuation line without a header field", pos, 400, true);
            }

            var status = FindFieldEnd(span, pos, stream, limits, allowFolding: true, out var fieldEnd, out next, out var folded);
            if (status is not null)
            {
                return status.Value;
            }

            if (headers.Count >= limits.MaxHeaderCount)
            {
                return Fail(SipParseErrorKind.TooManyHeaders, "Too many header fields", pos, 513, true);
            }

            var field = span[pos..fieldEnd];
            var colon = field.IndexOf((byte)':');
            var name = colon < 0 ? default : SipCursor.Trim(field[..colon]);
            if (colon < 0 || name.IsEmpty || !SipChars.IsAllToken(name))
            {
                return Fail(SipParseErrorKind.MalformedHeader, "Malformed header field", pos, 400, true);
            }

            var nameMemory = input.Slice(pos, name.Length);
            var valueMemory = ValueOf(input, pos + colon + 1, fieldEnd, folded);
            var kind = SipHeaderNames.Resolve(name);
            headers.Add(new SipHeader(nameMemory, valueMemory, kind));

            if (kind == SipHeaderKind.ContentLength)
            {
                // A message with two Content-Lengths (RFC 4475 mcl01) or a non-number (ncl's -999) cannot be framed.
                if (contentLength is not null)
                {
                    return Fail(SipParseErrorKind.ConflictingContentLength, "Multiple Content-Length header fields", pos, 400, true);
                }

                if (!SipCursor.TryParseDecimal(valueMemory.Span, int.MaxValue, out var length))
                {
                    return Fail(SipParseErrorKind.InvalidContentLength, "Invalid Content-Length", SipCursor.SkipWhitespace(span, pos + colon + 1), 400, true);
                }

                contentLength = (long)length;
            }

            pos = next;
            endOfHeaders = pos >= span.Length && !stream;
        }

        var headerEnd = pos;
        int bodyLength;
        var trailing = false;
        if (contentLength is null)
        {
            if (stream)
            {
                // RFC 3261 §18.3: Content-Length MUST be present on streams; without it the body's end is unknowable.
                return Fail(SipParseErrorKind.MissingContentLength, "Content-Length required on stream transports", headerEnd, 400, true);
            }

            bodyLength = span.Length - headerEnd;
        }
        else
        {
            var declared = contentLength.Value;
            if (headerEnd - start + declared > limits.MaxMessageSize)
            {
                return FailWith(startLine, input, headers, SipParseErrorKind.MessageTooLarge, "Message Too Large", headerEnd, 513, start, framingLost: true);
            }

            if (span.Length - headerEnd < declared)
            {
                if (stream)
                {
                    return SipParseResult.Incomplete(start);
                }

                // RFC 3261 §18.3 / RFC 4475 clerr: a datagram shorter than its Content-Length is answered with 400.
                return FailWith(startLine, input, headers, SipParseErrorKind.BodyShorterThanContentLength, "Content-Length larger than message body", headerEnd, 400, span.Length, framingLost: false);
            }

            bodyLength = (int)declared;
            trailing = !stream && span.Length - headerEnd > bodyLength;
        }

        var end = headerEnd + bodyLength;
        if (end - start > limits.MaxMessageSize)
        {
            return FailWith(startLine, input, headers, SipParseErrorKind.MessageTooLarge, "Message Too Large", start, 513, end, framingLost: false);
        }

        var body = input[headerEnd..end];
        var consumed = stream ? end : span.Length;
        if (startLine.Error is not null)
        {
            return SipParseResult.Failed(startLine.Error, Build(startLine, input, headers, body), consumed);
        }

        return SipParseResult.Complete(Build(startLine, input, headers, body), consumed, trailing);
    }

    // Finds the CRLF ending the field that starts at pos (following folded continuation lines when allowed).
    // Returns null when found, else the result to return (incomplete or an error).
    private static SipParseResult? FindFieldEnd(ReadOnlySpan<byte> span, int pos, bool stream, SipParserLimits limits, bool allowFolding, out int fieldEnd, out int next, out bool folded)
    {
        fieldEnd = next = 0;
        folded = false;
        var i = pos;
        while (true)
        {
            var found = span[i..].IndexOfAny((byte)'\r', (byte)'\n');
            var limitHit = (found < 0 ? span.Length : i + found) - pos > limits.MaxHeaderLineLength;
            if (limitHit)
            {
                return Fail(SipParseErrorKind.HeaderTooLong, "Header field too long", pos, 513, true);
            }

            if (found < 0)
            {
                return stream
                    ? CheckedIncomplete(span, 0, limits)
                    : Fail(SipParseErrorKind.UnterminatedHeaders, "Line not terminated by CRLF", span.Length, 400, true);
            }

            var at = i + found;
            if (span[at] == (byte)'\n')
            {
                return Fail(SipParseErrorKind.InvalidLineEnding, "Bare LF line ending", at, 400, true);
            }

            if (at + 1 >= span.Length)
            {
                return stream
                    ? CheckedIncomplete(span, 0, limits)
                    : Fail(SipParseErrorKind.UnterminatedHeaders, "Line not terminated by CRLF", at, 400, true);
            }

            if (span[at + 1] != (byte)'\n')
            {
                return Fail(SipParseErrorKind.InvalidLineEnding, "Bare CR in header section", at, 400, true);
            }

            var after = at + 2;
            if (after >= span.Length)
            {
                if (stream)
                {
                    // Whether the next line folds into this one is not known yet.
                    return CheckedIncomplete(span, 0, limits);
                }

                fieldEnd = at;
                next = after;
                return null;
            }

            if (allowFolding && SipChars.IsWhitespace(span[after]))
            {
                folded = true;
                i = after;
                continue;
            }

            fieldEnd = at;
            next = after;
            return null;
        }
    }

    private static ReadOnlyMemory<byte> ValueOf(ReadOnlyMemory<byte> input, int valueStart, int fieldEnd, bool folded)
    {
        var raw = input[valueStart..fieldEnd];
        if (!folded)
        {
            var trimmed = SipCursor.Trim(raw.Span);
            var lead = 0;
            while (lead < raw.Length && SipChars.IsWhitespace(raw.Span[lead]))
            {
                lead++;
            }

            return raw.Slice(lead, trimmed.Length);
        }

        // LWS = [*WSP CRLF] 1*WSP is equivalent to one SP (RFC 3261 §7.3.1): each fold with the whitespace around it
        // becomes one SP; whitespace elsewhere stays as sent. Folded fields are rare enough to copy.
        var source = raw.Span;
        var copy = new byte[source.Length];
        var length = 0;
        for (var i = 0; i < source.Length; i++)
        {
            var b = source[i];
            if (b == (byte)'\r')
            {
                while (length > 0 && SipChars.IsWhitespace(copy[length - 1]))
                {
                    length--;
                }

                i += 2;
                while (i < source.Length && SipChars.IsWhitespace(source[i]))
                {
                    i++;
                }

                i--;
                copy[length++] = (byte)' ';
                continue;
            }

            copy[length++] = b;
        }

        var value = SipCursor.Trim(copy.AsSpan(0, length));
        var offset = length == 0 ? 0 : copy.AsSpan(0, length).IndexOf(value);
        return new ReadOnlyMemory<byte>(copy, Math.Max(offset, 0), value.Length);
    }

    private static SipParseResult CheckedIncomplete(ReadOnlySpan<byte> span, int droppable, SipParserLimits limits) =>
        span.Length - droppable > limits.MaxMessageSize
            ? Fail(SipParseErrorKind.MessageTooLarge, "Message Too Large", 0, 513, true)
            : SipParseResult.Incomplete(droppable);

    private static SipParseResult Fail(SipParseErrorKind kind, string reason, int offset, int code, bool framingLost) =>
        SipParseResult.Failed(new SipParseError(kind, reason, offset, code, framingLost));

    private static SipParseResult FailWith(SipStartLine startLine, ReadOnlyMemory<byte> input, SipHeaderCollection headers, SipParseErrorKind kind, string reason, int offset, int code, int consumed, bool framingLost)
    {
        // The start line's own error, if any, is the more specific one (505 before 400).
        var error = startLine.Error ?? new SipParseError(kind, reason, offset, startLine.IsRequest ? code : 0, framingLost);
        return SipParseResult.Failed(error, Build(startLine, input, headers, ReadOnlyMemory<byte>.Empty), consumed);
    }

    private static SipMessage Build(SipStartLine line, ReadOnlyMemory<byte> input, SipHeaderCollection headers, ReadOnlyMemory<byte> body) =>
        line.IsRequest
            ? SipMessage.FromParsedRequest(line.Method, input[line.RequestUri], line.ParsedUri, line.Version, headers, body)
            : SipMessage.FromParsedResponse(line.Version, line.StatusCode, line.ReasonPhrase, headers, body);
}
