using System.Text;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Headers;

/// Call-ID, the numeric headers and token lists.
internal static class SipScalarHeaders
{
    /// Call-ID = word [ "@" word ].
    public static bool IsValidCallId(ReadOnlySpan<byte> value)
    {
        var at = value.IndexOf((byte)'@');
        var first = at < 0 ? value : value[..at];
        var second = at < 0 ? "x"u8 : value[(at + 1)..];
        return !first.IsEmpty && !second.IsEmpty
            && first.IndexOfAnyExcept(SipChars.Word) < 0 && second.IndexOfAnyExcept(SipChars.Word) < 0;
    }

    /// Max-Forwards = 1*DIGIT, 0 to 255 (RFC 3261 §20.22); leading zeros allowed.
    public static bool TryParseMaxForwards(ReadOnlySpan<byte> value, out int hops)
    {
        var ok = SipCursor.TryParseDecimal(value, 255, out var parsed);
        hops = (int)parsed;
        return ok;
    }

    /// delta-seconds (Expires, Min-Expires, Content-Length): a 32-bit unsigned decimal.
    public static bool TryParseDeltaSeconds(ReadOnlySpan<byte> value, out uint seconds)
    {
        var ok = SipCursor.TryParseDecimal(value, uint.MaxValue, out var parsed);
        seconds = (uint)parsed;
        return ok;
    }

    /// token *(COMMA token), appended to <paramref name="into"/> (Require, Supported, Proxy-Require, Allow...).
    /// An empty value is legal for Supported and yields nothing.
    public static bool TryParseTokenList(ReadOnlySpan<byte> value, List<string>? into)
    {
        var pos = SipCursor.SkipWhitespace(value, 0);
        if (pos >= value.Length)
        {
            return true;
        }

        while (true)
        {
            var end = SipCursor.ScanToken(value, pos);
            if (end == pos)
            {
                return false;
            }

            into?.Add(Encoding.ASCII.GetString(value[pos..end]));
            pos = SipCursor.SkipWhitespace(value, end);
            if (pos >= value.Length)
            {
                return true;
            }

            if (value[pos] != (byte)',')
            {
                return false;
            }

            pos = SipCursor.SkipWhitespace(value, pos + 1);
        }
    }
}
