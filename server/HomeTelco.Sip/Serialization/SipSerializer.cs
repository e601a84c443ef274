using System.Globalization;
using System.Text;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Serialization;

/// Writes a message to bytes: start line, headers in their order and spelling, a Content-Length that matches the body
/// (rewritten if present, appended if absent — streams require it, RFC 3261 §18.3), the empty line, the body.
internal static class SipSerializer
{
    private static ReadOnlySpan<byte> Crlf => "\r\n"u8;

    public static int GetByteCount(SipMessage message)
    {
        var count = message.IsRequest
            ? Encoding.UTF8.GetByteCount(message.Method) + 1 + message.RawRequestUri.Length + 1 + message.Version.Length + 2
            : message.Version.Length + 5 + Encoding.UTF8.GetByteCount(message.ReasonPhrase) + 2;
        var sawContentLength = false;
        foreach (var header in message.Headers)
        {
            count += header.RawName.Length + 2 + 2;
            if (header.Kind == SipHeaderKind.ContentLength && !sawContentLength)
            {
                sawContentLength = true;
                count += DigitCount(message.Body.Length);
            }
            else
            {
                count += header.RawValue.Length;
            }
        }

        if (!sawContentLength)
        {
            count += "Content-Length: ".Length + DigitCount(message.Body.Length) + 2;
        }

        return count + 2 + message.Body.Length;
    }

    /// False (and nothing promised about <paramref name="destination"/>) when it is too small.
    public static bool TryWrite(SipMessage message, Span<byte> destination, out int written)
    {
        var writer = new SpanWriter(destination);
        if (message.IsRequest)
        {
            writer.Text(message.Method);
            writer.Bytes(" "u8);
            writer.Bytes(message.RawRequestUri.Span);
            writer.Bytes(" "u8);
            writer.Text(message.Version);
        }
        else
        {
            writer.Text(message.Version);
            writer.Bytes(" "u8);
            writer.Number(message.StatusCode);
            writer.Bytes(" "u8);
            writer.Text(message.ReasonPhrase);
        }

        writer.Bytes(Crlf);
        var sawContentLength = false;
        foreach (var header in message.Headers)
        {
            writer.Bytes(header.RawName.Span);
            writer.Bytes(": "u8);
            if (header.Kind == SipHeaderKind.ContentLength && !sawContentLength)
            {
                sawContentLength = true;
                writer.Number(message.Body.Length);
            }
            else
            {
                writer.Bytes(header.RawValue.Span);
            }

            writer.Bytes(Crlf);
        }

        if (!sawContentLength)
        {
            writer.Bytes("Content-Length: "u8);
            writer.Number(message.Body.Length);
            writer.Bytes(Crlf);
        }

        writer.Bytes(Crlf);
        writer.Bytes(message.Body.Span);
        written = writer.Overflow ? 0 : writer.Position;
        return !writer.Overflow;
    }

    public static byte[] ToArray(SipMessage message)
    {
        var buffer = new byte[GetByteCount(message)];
        TryWrite(message, buffer, out var written);
        return written == buffer.Length ? buffer : buffer[..written];
    }

    private static int DigitCount(int value) => value < 10 ? 1 : (int)Math.Floor(Math.Log10(value)) + 1;

    private ref struct SpanWriter(Span<byte> destination)
    {
        private readonly Span<byte> _destination = destination;

        public int Position { get; private set; }

        public bool Overflow { get; private set; }

        public void Bytes(ReadOnlySpan<byte> bytes)
        {
            if (Overflow || !bytes.TryCopyTo(_destination[Position..]))
            {
                Overflow = true;
                return;
            }

            Position += bytes.Length;
        }

        public void Text(string text)
        {
            if (Overflow || !Encoding.UTF8.TryGetBytes(text, _destination[Position..], out var count))
            {
                Overflow = true;
                return;
            }

            Position += count;
        }

        public void Number(int value)
        {
            if (Overflow || !value.TryFormat(_destination[Position..], out var count, default, CultureInfo.InvariantCulture))
            {
                Overflow = true;
                return;
            }

            Position += count;
        }
    }
}
