using System.Buffers.Text;

namespace SipLoad.Sip;

/// <summary>Small byte-level helpers over received header values (ASCII, case-insensitive where SIP says so).</summary>
internal static class SipText
{
    /// <summary>True when a header name is <paramref name="full"/> or its compact form (RFC 3261 §7.3.3).</summary>
    public static bool IsHeader(ReadOnlySpan<byte> name, ReadOnlySpan<byte> full, byte compact = 0) =>
        name.Length == 1 ? compact != 0 && (name[0] | 0x20) == compact : name.EqualsAsciiIgnoreCase(full);

    public static bool EqualsAsciiIgnoreCase(this ReadOnlySpan<byte> left, ReadOnlySpan<byte> right) =>
        System.Text.Ascii.EqualsIgnoreCase(left, right);

    /// <summary>Parses "SIP/2.0 200 OK"; false for a request line.</summary>
    public static bool TryStatus(ReadOnlySpan<byte> startLine, out int status)
    {
        status = 0;
        return startLine.StartsWith("SIP/2.0 "u8) && startLine.Length >= 11
            && Utf8Parser.TryParse(startLine.Slice(8, 3), out status, out var used) && used == 3;
    }

    /// <summary>The method of a request line ("INVITE sip:... SIP/2.0").</summary>
    public static ReadOnlySpan<byte> RequestMethod(ReadOnlySpan<byte> startLine)
    {
        var space = startLine.IndexOf((byte)' ');
        return space > 0 ? startLine[..space] : [];
    }

    /// <summary>Splits "CSeq: 12 INVITE".</summary>
    public static bool TryCSeq(ReadOnlySpan<byte> value, out long number, out ReadOnlySpan<byte> method)
    {
        method = default;
        if (!Utf8Parser.TryParse(value, out number, out var used))
        {
            return false;
        }

        method = value[used..].Trim((byte)' ');
        return true;
    }

    /// <summary>
    /// A header parameter's value (";branch=...", ";tag=..."), looked for after the closing '>' of a name-addr so
    /// URI parameters are not mistaken for header parameters.
    /// </summary>
    public static ReadOnlySpan<byte> Parameter(ReadOnlySpan<byte> value, ReadOnlySpan<byte> name)
    {
        var close = value.IndexOf((byte)'>');
        var rest = close >= 0 ? value[(close + 1)..] : value;
        while (true)
        {
            var semicolon = rest.IndexOf((byte)';');
            if (semicolon < 0)
            {
                return [];
            }

            rest = rest[(semicolon + 1)..].TrimStart((byte)' ');
            if (rest.Length > name.Length && rest[name.Length] == '=' && rest[..name.Length].EqualsAsciiIgnoreCase(name))
            {
                var start = rest[(name.Length + 1)..];
                var end = start.IndexOfAny(";, \t>"u8);
                return end < 0 ? start : start[..end];
            }
        }
    }

    /// <summary>The URI inside &lt;...&gt;, or the value up to its first parameter when there are no brackets.</summary>
    public static ReadOnlySpan<byte> UriOf(ReadOnlySpan<byte> value)
    {
        var open = value.IndexOf((byte)'<');
        if (open >= 0)
        {
            var close = value[open..].IndexOf((byte)'>');
            return close > 0 ? value.Slice(open + 1, close - 1) : [];
        }

        var semicolon = value.IndexOf((byte)';');
        return (semicolon < 0 ? value : value[..semicolon]).Trim((byte)' ');
    }

    /// <summary>
    /// Splits a comma-separated list of name-addrs (Record-Route) into entries, ignoring commas inside &lt;&gt; or quotes.
    /// Returns the number of entries written to <paramref name="entries"/> as (start, length) pairs.
    /// </summary>
    public static int SplitAddresses(ReadOnlySpan<byte> value, Span<(int Start, int Length)> entries)
    {
        var count = 0;
        var start = 0;
        var inAngle = false;
        var inQuote = false;
        for (var i = 0; i <= value.Length && count < entries.Length; i++)
        {
            if (i == value.Length || (value[i] == ',' && !inAngle && !inQuote))
            {
                var piece = value[start..i];
                var trimmedStart = start + (piece.Length - piece.TrimStart((byte)' ').Length);
                var trimmed = piece.Trim((byte)' ');
                if (!trimmed.IsEmpty)
                {
                    entries[count++] = (trimmedStart, trimmed.Length);
                }

                start = i + 1;
            }
            else if (value[i] == '"')
            {
                inQuote = !inQuote;
            }
            else if (!inQuote && value[i] == '<')
            {
                inAngle = true;
            }
            else if (!inQuote && value[i] == '>')
            {
                inAngle = false;
            }
        }

        return count;
    }
}
