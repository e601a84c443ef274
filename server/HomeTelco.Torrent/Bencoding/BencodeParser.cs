using System.Globalization;
using System.Text;

namespace HomeTelco.Torrent.Bencoding;

/// <summary>
/// The decoder behind <see cref="Bencode"/>: one pass over the bytes with an explicit stack of open
/// containers (no recursion, so depth costs heap bounded by the limits, never the thread's stack).
/// </summary>
internal static class BencodeParser
{
    public static bool TryParse(ReadOnlyMemory<byte> data, BencodeLimits limits, out BValue? value, out int consumed, out string? error)
    {
        ArgumentNullException.ThrowIfNull(limits);
        value = null;
        consumed = 0;
        var span = data.Span;
        var stack = new List<Frame>();
        var pos = 0;
        var items = 0;
        while (true)
        {
            if (pos >= span.Length)
            {
                error = stack.Count == 0
                    ? At(pos, "no value: the data is empty")
                    : At(pos, $"the data ends inside the {stack[^1].Kind} that starts at offset {stack[^1].Start}");
                return false;
            }

            var top = stack.Count > 0 ? stack[^1] : null;
            var c = span[pos];
            BValue completed;
            if (top is not null && c == (byte)'e')
            {
                if (top.PendingKey is not null)
                {
                    error = At(pos, $"dictionary key '{Show(top.PendingKey)}' has no value");
                    return false;
                }

                pos++;
                var raw = data[top.Start..pos];
                completed = top.Entries is not null
                    ? new BDictionary(raw, top.Entries, top.Sorted)
                    : new BList(raw, top.Items!);
                stack.RemoveAt(stack.Count - 1);
            }
            else if (top is { Entries: not null, PendingKey: null })
            {
                if (!IsDigit(c))
                {
                    error = At(pos, $"a dictionary key must be a byte string, found {Describe(c)}");
                    return false;
                }

                var keyStart = pos;
                if (!TryString(data, limits, ref pos, out var key, out error) || !Count(ref items, limits, keyStart, out error))
                {
                    return false;
                }

                if (top.LastKey is not null)
                {
                    var order = top.LastKey.Bytes.Span.SequenceCompareTo(key.Bytes.Span);
                    if (order >= 0)
                    {
                        if (!limits.AllowUnsortedKeys)
                        {
                            error = order == 0
                                ? At(keyStart, $"duplicate dictionary key '{Show(key)}'")
                                : At(keyStart, $"dictionary key '{Show(key)}' is out of order after '{Show(top.LastKey)}'");
                            return false;
                        }

                        top.Sorted = false;
                    }
                }

                top.LastKey = key;
                top.PendingKey = key;
                continue;
            }
            else if (c == (byte)'i')
            {
                var start = pos;
                if (!TryInteger(data, ref pos, out var integer, out error) || !Count(ref items, limits, start, out error))
                {
                    return false;
                }

                completed = integer;
            }
            else if (IsDigit(c))
            {
                var start = pos;
                if (!TryString(data, limits, ref pos, out var text, out error) || !Count(ref items, limits, start, out error))
                {
                    return false;
                }

                completed = text;
            }
            else if (c is (byte)'l' or (byte)'d')
            {
                if (stack.Count >= limits.MaxDepth)
                {
                    error = At(pos, $"nesting deeper than the limit of {limits.MaxDepth}");
                    return false;
                }

                if (!Count(ref items, limits, pos, out error))
                {
                    return false;
                }

                stack.Add(c == (byte)'d' ? Frame.Dictionary(pos) : Frame.List(pos));
                pos++;
                continue;
            }
            else
            {
                error = At(pos, $"{Describe(c)} where a value should start");
                return false;
            }

            if (stack.Count == 0)
            {
                value = completed;
                consumed = pos;
                error = null;
                return true;
            }

            var parent = stack[^1];
            if (parent.Entries is not null)
            {
                parent.Entries.Add(new KeyValuePair<BString, BValue>(parent.PendingKey!, completed));
                parent.PendingKey = null;
            }
            else
            {
                parent.Items!.Add(completed);
            }
        }
    }

    internal static string At(int offset, string message) =>
        string.Create(CultureInfo.InvariantCulture, $"offset {offset}: {message}");

    private static bool Count(ref int items, BencodeLimits limits, int offset, out string? error)
    {
        if (++items > limits.MaxItems)
        {
            error = At(offset, $"more than the limit of {limits.MaxItems} values");
            return false;
        }

        error = null;
        return true;
    }

    // i<digits>e with an optional '-'; no leading zeros, no "-0", must fit a long.
    private static bool TryInteger(ReadOnlyMemory<byte> data, ref int pos, out BInteger integer, out string? error)
    {
        integer = null!;
        var span = data.Span;
        var start = pos;
        var p = pos + 1;
        var negative = p < span.Length && span[p] == (byte)'-';
        if (negative)
        {
            p++;
        }

        var digitsStart = p;
        var limit = negative ? (ulong)long.MaxValue + 1 : long.MaxValue;
        ulong magnitude = 0;
        while (p < span.Length && IsDigit(span[p]))
        {
            var digit = (ulong)(span[p] - '0');
            if (magnitude > (limit - digit) / 10)
            {
                error = At(start, "integer does not fit in 64 bits");
                return false;
            }

            magnitude = (magnitude * 10) + digit;
            p++;
        }

        if (p >= span.Length)
        {
            error = At(start, "the data ends inside an integer");
            return false;
        }

        if (span[p] != (byte)'e')
        {
            error = At(p, $"{Describe(span[p])} inside an integer");
            return false;
        }

        var digits = p - digitsStart;
        if (digits == 0)
        {
            error = At(start, "integer without digits");
            return false;
        }

        if (span[digitsStart] == (byte)'0' && (digits > 1 || negative))
        {
            error = At(start, negative ? "integer is negative zero" : "integer with leading zero");
            return false;
        }

        p++;
        var value = negative ? (long)(0 - magnitude) : (long)magnitude;
        integer = new BInteger(data[start..p], value);
        pos = p;
        error = null;
        return true;
    }

    // <length>:<bytes>; the length has no leading zeros and stays within the limit and the buffer.
    private static bool TryString(ReadOnlyMemory<byte> data, BencodeLimits limits, ref int pos, out BString text, out string? error)
    {
        text = null!;
        var span = data.Span;
        var start = pos;
        var p = pos;
        var max = (ulong)Math.Max(0, limits.MaxStringLength);
        ulong length = 0;
        while (p < span.Length && IsDigit(span[p]))
        {
            // length <= max / 10 keeps length * 10 + digit inside a ulong whatever the limit.
            if (length > max / 10 || (length = (length * 10) + (ulong)(span[p] - '0')) > max)
            {
                error = At(start, $"string longer than the limit of {limits.MaxStringLength} bytes");
                return false;
            }

            p++;
        }

        if (p >= span.Length)
        {
            error = At(start, "the data ends inside a string length");
            return false;
        }

        if (span[p] != (byte)':')
        {
            error = At(p, $"{Describe(span[p])} where ':' should end a string length");
            return false;
        }

        if (span[start] == (byte)'0' && p - start > 1)
        {
            error = At(start, "string length with leading zero");
            return false;
        }

        p++;
        if (length > (ulong)(span.Length - p))
        {
            error = At(start, $"string of {length} bytes runs past the end of the data ({span.Length - p} bytes left)");
            return false;
        }

        var end = p + (int)length;
        text = new BString(data[start..end], data[p..end]);
        pos = end;
        error = null;
        return true;
    }

    private static bool IsDigit(byte c) => c is >= (byte)'0' and <= (byte)'9';

    private static string Describe(byte c) =>
        c is >= 0x21 and < 0x7F
            ? string.Create(CultureInfo.InvariantCulture, $"unexpected '{(char)c}'")
            : string.Create(CultureInfo.InvariantCulture, $"unexpected byte 0x{c:x2}");

    // Keys come from untrusted input: show a short printable form only.
    private static string Show(BString key)
    {
        var bytes = key.Bytes.Span;
        var builder = new StringBuilder(Math.Min(bytes.Length, 40));
        foreach (var b in bytes[..Math.Min(bytes.Length, 40)])
        {
            builder.Append(b is >= 0x20 and < 0x7F and not (byte)'\'' ? (char)b : '?');
        }

        return bytes.Length > 40 ? builder.Append("...").ToString() : builder.ToString();
    }

    private sealed class Frame
    {
        private Frame(int start)
        {
            Start = start;
        }

        public int Start { get; }

        public List<BValue>? Items { get; private init; }

        public List<KeyValuePair<BString, BValue>>? Entries { get; private init; }

        public BString? PendingKey { get; set; }

        public BString? LastKey { get; set; }

        public bool Sorted { get; set; } = true;

        public string Kind => Entries is null ? "list" : "dictionary";

        public static Frame List(int start) => new(start) { Items = [] };

        public static Frame Dictionary(int start) => new(start) { Entries = [] };
    }
}
