using System.Buffers;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// One message's bytes waiting for a connection's writer: a buffer rented from the shared pool (returned once written or
/// dropped) or a static one (keep-alive pongs), and the request it carries so a failure to send can be reported to the
/// transaction layer (RFC 3261 §17.1.4). Exactly one owner releases it.
/// </summary>
internal readonly struct SipOutbound
{
    private readonly byte[] _buffer;
    private readonly bool _pooled;

    private SipOutbound(byte[] buffer, int length, SipMessage? request, bool pooled)
    {
        _buffer = buffer;
        Length = length;
        Request = request;
        _pooled = pooled;
    }

    public int Length { get; }

    /// <summary>The request these bytes are, when they are one; null for responses and keep-alives.</summary>
    public SipMessage? Request { get; }

    public ReadOnlyMemory<byte> Bytes => _buffer.AsMemory(0, Length);

    /// <summary>Takes ownership of a buffer rented from <see cref="ArrayPool{T}.Shared"/>.</summary>
    public static SipOutbound Rented(byte[] buffer, int length, SipMessage? request) => new(buffer, length, request, pooled: true);

    /// <summary>Bytes that live for the process (never returned to a pool).</summary>
    public static SipOutbound Static(byte[] bytes) => new(bytes, bytes.Length, null, pooled: false);

    public void Release()
    {
        if (_pooled)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }
}
