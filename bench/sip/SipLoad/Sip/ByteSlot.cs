namespace SipLoad.Sip;

/// <summary>
/// A reusable copy of a few bytes taken from a received message (a nonce, a To header, a route): received buffers are
/// reused at once, so whatever a dialog needs later is copied here without allocating per message.
/// </summary>
internal sealed class ByteSlot
{
    private readonly byte[] _bytes;

    public ByteSlot(int capacity)
    {
        _bytes = new byte[capacity];
    }

    public int Length { get; private set; }

    public bool IsEmpty => Length == 0;

    public ReadOnlySpan<byte> Span => _bytes.AsSpan(0, Length);

    /// <summary>Copies <paramref name="value"/>; false (and empty) when it does not fit.</summary>
    public bool Set(ReadOnlySpan<byte> value)
    {
        if (value.Length > _bytes.Length)
        {
            Length = 0;
            return false;
        }

        value.CopyTo(_bytes);
        Length = value.Length;
        return true;
    }

    public void Clear() => Length = 0;
}
