using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// Finds where the message at the start of a stream buffer ends (RFC 3261 §18.3: the empty line, then Content-Length
/// bytes) without copying or parsing it, remembering how far it has looked. The reader then copies and parses each
/// message exactly once, so a peer trickling a large message a byte at a time costs a few bytes of scanning per read,
/// not a copy and a parse of everything received so far. The parser still judges every message; this only decides
/// when to call it. One per connection, reset after each message.
/// </summary>
internal sealed class SipStreamFramer(int maxMessageSize)
{
    private long _scanned;
    private long _messageLength = -1;

    public SipFrameStatus Next(ReadOnlySequence<byte> buffer, out long length)
    {
        length = 0;
        if (_messageLength < 0)
        {
            var reader = new SequenceReader<byte>(buffer);
            // The end of the headers may straddle what was searched last time: go back three bytes.
            reader.Advance(Math.Max(0, _scanned - 3));
            if (!reader.TryAdvanceTo((byte)'\r', advancePastDelimiter: false) || !FindEmptyLine(ref reader))
            {
                _scanned = buffer.Length;
                return buffer.Length > maxMessageSize ? SipFrameStatus.TooLarge : SipFrameStatus.NeedMore;
            }

            var headerEnd = reader.Consumed;
            if (headerEnd > maxMessageSize)
            {
                return SipFrameStatus.TooLarge;
            }

            if (!TryContentLength(buffer.Slice(0, headerEnd), out var contentLength))
            {
                return SipFrameStatus.ParseAll;
            }

            // Over the limit: hand over the headers alone, and the parser answers 513 from them (RFC 3261 §21.5.14).
            _messageLength = headerEnd + contentLength > maxMessageSize ? headerEnd : headerEnd + contentLength;
        }

        if (buffer.Length < _messageLength)
        {
            return SipFrameStatus.NeedMore;
        }

        length = _messageLength;
        return SipFrameStatus.Frame;
    }

    /// <summary>The message was taken; the next starts where it ended.</summary>
    public void Reset()
    {
        _scanned = 0;
        _messageLength = -1;
    }

    // From a CR, advances past the first CRLFCRLF; false (reader at the end) when there is none yet.
    private static bool FindEmptyLine(ref SequenceReader<byte> reader)
    {
        while (true)
        {
            if (reader.IsNext("\r\n\r\n"u8, advancePast: true))
            {
                return true;
            }

            reader.Advance(1);
            if (!reader.TryAdvanceTo((byte)'\r', advancePastDelimiter: false))
            {
                return false;
            }
        }
    }

    // The one Content-Length (or compact "l") value of a header section; false when absent, repeated, folded or not
    // a plain number, all of which the parser refuses with the right status.
    private static bool TryContentLength(ReadOnlySequence<byte> headers, out long contentLength)
    {
        contentLength = -1;
        byte[]? rented = null;
        ReadOnlySpan<byte> span;
        if (headers.IsSingleSegment)
        {
            span = headers.FirstSpan;
        }
        else
        {
            rented = ArrayPool<byte>.Shared.Rent((int)headers.Length);
            headers.CopyTo(rented);
            span = rented.AsSpan(0, (int)headers.Length);
        }

        try
        {
            var lineEnd = span.IndexOf("\r\n"u8);
            var rest = span[(lineEnd + 2)..];
            var previousWasLength = false;
            while (rest.Length > 2)
            {
                lineEnd = rest.IndexOf("\r\n"u8);
                var line = rest[..lineEnd];
                rest = rest[(lineEnd + 2)..];
                if (line.Length > 0 && (line[0] == (byte)' ' || line[0] == (byte)'\t'))
                {
                    if (previousWasLength)
                    {
                        return false;
                    }

                    continue;
                }

                var colon = line.IndexOf((byte)':');
                previousWasLength = colon > 0 && IsContentLength(line[..colon].Trim(" \t"u8));
                if (!previousWasLength)
                {
                    continue;
                }

                var value = line[(colon + 1)..].Trim(" \t"u8);
                if (contentLength >= 0 || value.IsEmpty || value[0] is < (byte)'0' or > (byte)'9'
                    || !Utf8Parser.TryParse(value, out long parsed, out var used) || used != value.Length)
                {
                    return false;
                }

                contentLength = parsed;
            }

            return contentLength >= 0;
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private static bool IsContentLength(ReadOnlySpan<byte> name) =>
        Ascii.EqualsIgnoreCase(name, "Content-Length"u8) || Ascii.EqualsIgnoreCase(name, "l"u8);
}
