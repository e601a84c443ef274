namespace HomeTelco.Torrent.Bencoding;

/// <summary>A bencoded integer: <c>i42e</c>.</summary>
public sealed class BInteger : BValue
{
    internal BInteger(ReadOnlyMemory<byte> raw, long value)
        : base(raw)
    {
        Value = value;
    }

    /// <summary>The integer's value.</summary>
    public long Value { get; }

    /// <inheritdoc/>
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
