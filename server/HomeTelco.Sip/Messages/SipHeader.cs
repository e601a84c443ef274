using System.Text;

namespace HomeTelco.Sip.Messages;

/// One header field as received: name and value are slices of the message buffer (the value already unfolded and
/// trimmed; only folded values are copied). Strings are made on demand.
internal readonly struct SipHeader
{
    public SipHeader(ReadOnlyMemory<byte> name, ReadOnlyMemory<byte> value, SipHeaderKind kind)
    {
        RawName = name;
        RawValue = value;
        Kind = kind;
    }

    public SipHeader(string name, string value)
        : this(Encoding.UTF8.GetBytes(name), Encoding.UTF8.GetBytes(value), SipHeaderNames.Resolve(name))
    {
    }

    public ReadOnlyMemory<byte> RawName { get; }

    public ReadOnlyMemory<byte> RawValue { get; }

    public SipHeaderKind Kind { get; }

    /// The name as written on the wire (possibly a compact form, any case).
    public string Name => Encoding.UTF8.GetString(RawName.Span);

    /// The long canonical name for known headers, else the name as received.
    public string CanonicalName => Kind == SipHeaderKind.Unknown ? Name : SipHeaderNames.GetCanonicalName(Kind);

    public string Value => Encoding.UTF8.GetString(RawValue.Span);

    public bool HasName(ReadOnlySpan<byte> name) =>
        Kind != SipHeaderKind.Unknown ? SipHeaderNames.Resolve(name) == Kind : Ascii.EqualsIgnoreCase(RawName.Span, name);

    public override string ToString() => $"{Name}: {Value}";
}
