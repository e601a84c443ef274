using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace HomeTelco.Torrent.Bencoding;

/// <summary>
/// Writes bencoding into an <see cref="IBufferWriter{T}"/>. It only writes canonical bencoding: dictionary
/// keys must come in strictly ascending raw-byte order, and a misuse (a key that is out of order, a value
/// where a key belongs, an unbalanced <see cref="End"/>) throws <see cref="InvalidOperationException"/>,
/// because it is a bug in our code, never in input.
/// </summary>
[SuppressMessage("Naming", "CA1720", Justification = "Integer and String are BEP 3's names for the two scalar types; fixed by the shared bencode contract.")]
public sealed class BencodeWriter
{
    private readonly IBufferWriter<byte> _output;
    private readonly List<Container> _open = [];
    private bool _wroteTopLevel;

    /// <param name="output">Where the bytes go.</param>
    public BencodeWriter(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Number of lists and dictionaries begun and not yet ended.</summary>
    public int Depth => _open.Count;

    /// <summary>True once one whole top-level value has been written.</summary>
    public bool IsComplete => _wroteTopLevel && _open.Count == 0;

    /// <summary>Writes <c>i&lt;value&gt;e</c>.</summary>
    public void Integer(long value)
    {
        BeforeValue("an integer");
        var span = _output.GetSpan(22);
        span[0] = (byte)'i';
        Utf8Formatter.TryFormat(value, span[1..], out var written);
        span[1 + written] = (byte)'e';
        _output.Advance(written + 2);
        AfterValue();
    }

    /// <summary>Writes a byte string; inside a dictionary, every other string is a key and must sort after the last.</summary>
    public void String(ReadOnlySpan<byte> bytes)
    {
        var top = _open.Count > 0 ? _open[^1] : null;
        if (top is { IsDictionary: true, ExpectKey: true })
        {
            if (top.LastKey is not null && top.LastKey.AsSpan().SequenceCompareTo(bytes) >= 0)
            {
                throw new InvalidOperationException(
                    $"Dictionary key '{Encoding.UTF8.GetString(bytes)}' does not sort after '{Encoding.UTF8.GetString(top.LastKey)}'.");
            }

            top.LastKey = bytes.ToArray();
            top.ExpectKey = false;
            WriteString(bytes);
            return;
        }

        BeforeValue("a string");
        WriteString(bytes);
        AfterValue();
    }

    /// <summary>Writes <paramref name="text"/> as a UTF-8 byte string (a key, inside a dictionary, as above).</summary>
    public void String(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        var buffer = max <= 256 ? stackalloc byte[max] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, buffer);
            String(buffer[..length]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Writes an already decoded value exactly as it was encoded (its <see cref="BValue.Raw"/>).</summary>
    public void Value(BValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        BeforeValue("a value");
        _output.Write(value.Raw.Span);
        AfterValue();
    }

    /// <summary>Begins a list; close it with <see cref="End"/>.</summary>
    public void BeginList() => Begin(isDictionary: false);

    /// <summary>Begins a dictionary; write key, value, key, value... then <see cref="End"/>.</summary>
    public void BeginDictionary() => Begin(isDictionary: true);

    /// <summary>Ends the innermost open list or dictionary.</summary>
    public void End()
    {
        if (_open.Count == 0)
        {
            throw new InvalidOperationException("End() without an open list or dictionary.");
        }

        if (_open[^1] is { IsDictionary: true, ExpectKey: false })
        {
            throw new InvalidOperationException("End() after a dictionary key without its value.");
        }

        _open.RemoveAt(_open.Count - 1);
        WriteByte((byte)'e');
        AfterValue();
    }

    private void Begin(bool isDictionary)
    {
        BeforeValue(isDictionary ? "a dictionary" : "a list");
        WriteByte(isDictionary ? (byte)'d' : (byte)'l');
        _open.Add(new Container(isDictionary));
    }

    private void BeforeValue(string what)
    {
        if (_open.Count == 0)
        {
            if (_wroteTopLevel)
            {
                throw new InvalidOperationException($"Cannot write {what}: one top-level value has already been written.");
            }

            return;
        }

        if (_open[^1] is { IsDictionary: true, ExpectKey: true })
        {
            throw new InvalidOperationException($"Cannot write {what} where a dictionary key belongs.");
        }
    }

    private void AfterValue()
    {
        if (_open.Count == 0)
        {
            _wroteTopLevel = true;
        }
        else if (_open[^1].IsDictionary)
        {
            _open[^1].ExpectKey = true;
        }
    }

    private void WriteString(ReadOnlySpan<byte> bytes)
    {
        var span = _output.GetSpan(21 + bytes.Length);
        Utf8Formatter.TryFormat(bytes.Length, span, out var written);
        span[written++] = (byte)':';
        bytes.CopyTo(span[written..]);
        _output.Advance(written + bytes.Length);
    }

    private void WriteByte(byte value)
    {
        _output.GetSpan(1)[0] = value;
        _output.Advance(1);
    }

    private sealed class Container(bool isDictionary)
    {
        public bool IsDictionary { get; } = isDictionary;

        public bool ExpectKey { get; set; } = isDictionary;

        public byte[]? LastKey { get; set; }
    }
}
