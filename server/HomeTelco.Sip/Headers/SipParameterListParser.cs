using System.Text;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Headers;

/// `*( SEMI generic-param )` with SEMI = SWS ";" SWS and EQUAL = SWS "=" SWS (RFC 3261 §25.1). Values are token,
/// host (IPv6 reference included) or quoted-string; quoted values keep their quotes (see SipParameter.UnquotedValue).
internal static class SipParameterListParser
{
    /// Reads parameters from <paramref name="pos"/>; stops before anything that is not ';'. False on a malformed parameter.
    public static bool TryParse(ReadOnlySpan<byte> text, ref int pos, List<SipParameter> into)
    {
        while (true)
        {
            var p = SipCursor.SkipWhitespace(text, pos);
            if (p >= text.Length || text[p] != (byte)';')
            {
                pos = p;
                return true;
            }

            p = SipCursor.SkipWhitespace(text, p + 1);
            var nameEnd = SipCursor.ScanToken(text, p);
            if (nameEnd == p)
            {
                pos = p;
                return false;
            }

            var name = Encoding.ASCII.GetString(text[p..nameEnd]);
            var afterName = SipCursor.SkipWhitespace(text, nameEnd);
            if (afterName >= text.Length || text[afterName] != (byte)'=')
            {
                into.Add(new SipParameter(name, null));
                pos = nameEnd;
                continue;
            }

            var v = SipCursor.SkipWhitespace(text, afterName + 1);
            if (!TryReadValue(text, v, out var valueEnd))
            {
                pos = v;
                return false;
            }

            into.Add(new SipParameter(name, Encoding.UTF8.GetString(text[v..valueEnd])));
            pos = valueEnd;
        }
    }

    /// gen-value = token / host / quoted-string (plus bare IPv6 addresses, see below).
    public static bool TryReadValue(ReadOnlySpan<byte> text, int start, out int end)
    {
        end = start;
        if (start >= text.Length)
        {
            return false;
        }

        if (text[start] == (byte)'"')
        {
            var close = SipQuoting.FindClosingQuote(text, start);
            end = close + 1;
            return close > start;
        }

        if (text[start] == (byte)'[')
        {
            var close = text[start..].IndexOf((byte)']');
            end = start + close + 1;
            return close > 1;
        }

        // Beyond token, ':' is accepted so an unbracketed IPv6 address reads whole: RFC 3261's via-received and
        // RFC 5118 §4.5 allow `received=2001:db8::9:255`.
        end = start;
        while (end < text.Length && (SipChars.Token.Contains(text[end]) || text[end] == (byte)':'))
        {
            end++;
        }

        return end > start;
    }
}
