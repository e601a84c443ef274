namespace HomeTelco.Sip.Syntax;

/// Small helpers for walking a header value: header values reach the typed parsers already unfolded, so LWS is SP/HT.
internal static class SipCursor
{
    internal static int SkipWhitespace(ReadOnlySpan<byte> text, int pos)
    {
        while (pos < text.Length && SipChars.IsWhitespace(text[pos]))
        {
            pos++;
        }

        return pos;
    }

    internal static int ScanToken(ReadOnlySpan<byte> text, int pos)
    {
        var rest = text[pos..];
        var end = rest.IndexOfAnyExcept(SipChars.Token);
        return end < 0 ? text.Length : pos + end;
    }

    /// Parses a non-negative decimal that must fit <paramref name="max"/>; false on overflow, empty or non-digits.
    internal static bool TryParseDecimal(ReadOnlySpan<byte> digits, ulong max, out ulong value)
    {
        value = 0;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var b in digits)
        {
            if (!SipChars.IsDigit(b))
            {
                return false;
            }

            // Leading zeros are legal (wsinv's "0068"), so overflow is judged on the value, not the digit count.
            value = (value * 10) + (ulong)(b - '0');
            if (value > max)
            {
                return false;
            }
        }

        return true;
    }

    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> text)
    {
        var start = 0;
        var end = text.Length;
        while (start < end && SipChars.IsWhitespace(text[start]))
        {
            start++;
        }

        while (end > start && SipChars.IsWhitespace(text[end - 1]))
        {
            end--;
        }

        return text[start..end];
    }
}
