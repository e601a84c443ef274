using System.Text;

namespace HomeTelco.Torrent.Bencoding;

/// <summary>A bencoded byte string: <c>4:spam</c>. Often UTF-8 text, sometimes binary (piece hashes, peer lists).</summary>
public sealed class BString : BValue
{
    private string? _text;

    internal BString(ReadOnlyMemory<byte> raw, ReadOnlyMemory<byte> bytes)
        : base(raw)
    {
        Bytes = bytes;
    }

    /// <summary>The string's content, without its length prefix.</summary>
    public ReadOnlyMemory<byte> Bytes { get; }

    /// <summary>The content decoded as UTF-8 (invalid sequences become U+FFFD), computed once.</summary>
    public string Text => _text ??= Encoding.UTF8.GetString(Bytes.Span);

    /// <summary>Whether the content equals <paramref name="ascii"/> byte for byte (keys are compared this way).</summary>
    public bool Is(ReadOnlySpan<byte> ascii) => Bytes.Span.SequenceEqual(ascii);

    /// <inheritdoc/>
    public override string ToString() => Text;
}
