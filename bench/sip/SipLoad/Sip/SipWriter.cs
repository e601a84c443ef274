using System.Buffers.Text;
using System.Text;

namespace SipLoad.Sip;

/// <summary>
/// Appends ASCII text to a byte buffer without allocating: messages are built straight into a phone's send buffer.
/// Writing past the end throws, which is a bug in the generator (buffers are sized for the largest message).
/// </summary>
internal ref struct SipWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    public SipWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _length = 0;
    }

    public readonly int Length => _length;

    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    public void Append(string text)
    {
        _length += Encoding.ASCII.GetBytes(text, _buffer[_length..]);
    }

    public void Append(scoped ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_length..]);
        _length += bytes.Length;
    }

    public void Append(long value)
    {
        if (!Utf8Formatter.TryFormat(value, _buffer[_length..], out var written))
        {
            throw new InvalidOperationException("SIP send buffer too small");
        }

        _length += written;
    }

    /// <summary>Eight lower-case hex digits, as the digest nc parameter wants them (RFC 7616 §3.4).</summary>
    public void AppendHex8(uint value)
    {
        if (!Utf8Formatter.TryFormat(value, _buffer[_length..], out var written, new System.Buffers.StandardFormat('x', 8)))
        {
            throw new InvalidOperationException("SIP send buffer too small");
        }

        _length += written;
    }

    public void Line(string text)
    {
        Append(text);
        Crlf();
    }

    public void Crlf()
    {
        _buffer[_length++] = (byte)'\r';
        _buffer[_length++] = (byte)'\n';
    }
}
