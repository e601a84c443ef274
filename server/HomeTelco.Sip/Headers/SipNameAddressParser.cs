using System.Text;
using HomeTelco.Sip.Syntax;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Headers;

/// ( name-addr / addr-spec ) *( SEMI param ), singly (From, To) or as a comma list (Contact, Route, Record-Route).
internal static class SipNameAddressParser
{
    public static SipSyntaxResult<SipNameAddress> ParseSingle(ReadOnlySpan<byte> value)
    {
        var pos = 0;
        var result = ParseOne(value, ref pos, list: false, requireBrackets: false);
        if (result.IsSuccess && pos != value.Length)
        {
            return SipSyntaxResult<SipNameAddress>.Fail("Unexpected character after header value", pos);
        }

        return result;
    }

    /// Parses a comma-separated list, appending to <paramref name="into"/>. Contact's `*` is accepted when
    /// <paramref name="allowWildcard"/> is set; Route and Record-Route require name-addr (<paramref name="requireBrackets"/>).
    public static SipSyntaxResult<List<SipNameAddress>> ParseList(ReadOnlySpan<byte> value, List<SipNameAddress> into, bool allowWildcard, bool requireBrackets)
    {
        if (allowWildcard && SipCursor.Trim(value).SequenceEqual("*"u8))
        {
            into.Add(new SipNameAddress(null, null, false, []));
            return SipSyntaxResult<List<SipNameAddress>>.Ok(into);
        }

        var pos = 0;
        while (true)
        {
            var one = ParseOne(value, ref pos, list: true, requireBrackets);
            if (!one.IsSuccess)
            {
                return SipSyntaxResult<List<SipNameAddress>>.Fail(one.Error, one.Offset);
            }

            into.Add(one.Value);
            if (pos >= value.Length)
            {
                return SipSyntaxResult<List<SipNameAddress>>.Ok(into);
            }

            if (value[pos] != (byte)',')
            {
                return SipSyntaxResult<List<SipNameAddress>>.Fail("Unexpected character in list", pos);
            }

            pos++;
        }
    }

    private static SipSyntaxResult<SipNameAddress> ParseOne(ReadOnlySpan<byte> value, ref int pos, bool list, bool requireBrackets)
    {
        pos = SipCursor.SkipWhitespace(value, pos);
        if (pos >= value.Length)
        {
            return SipSyntaxResult<SipNameAddress>.Fail("Empty address", pos);
        }

        string? displayName = null;
        if (value[pos] == (byte)'"')
        {
            var close = SipQuoting.FindClosingQuote(value, pos);
            if (close < 0)
            {
                return SipSyntaxResult<SipNameAddress>.Fail("Unterminated quoted display name", pos);
            }

            displayName = SipQuoting.Unquote(value[(pos + 1)..close]);
            pos = SipCursor.SkipWhitespace(value, close + 1);
            if (pos >= value.Length || value[pos] != (byte)'<')
            {
                return SipSyntaxResult<SipNameAddress>.Fail("Quoted display name not followed by <URI>", pos);
            }
        }
        else
        {
            // A token display name is *(token LWS) right before '<'; anything else means an addr-spec.
            var q = pos;
            while (q < value.Length && (SipChars.Token.Contains(value[q]) || SipChars.IsWhitespace(value[q])))
            {
                q++;
            }

            if (q < value.Length && value[q] == (byte)'<')
            {
                displayName = JoinWords(value[pos..q]);
                pos = q;
            }
        }

        SipUri uri;
        var bracketed = value[pos] == (byte)'<';
        if (bracketed)
        {
            var close = value[pos..].IndexOf((byte)'>');
            if (close < 0)
            {
                return SipSyntaxResult<SipNameAddress>.Fail("Missing '>'", pos);
            }

            var parsed = SipUriParser.Parse(value.Slice(pos + 1, close - 1));
            if (!parsed.IsSuccess)
            {
                return SipSyntaxResult<SipNameAddress>.Fail(parsed.Error, pos + 1 + parsed.Offset);
            }

            uri = parsed.Value;
            pos += close + 1;
        }
        else
        {
            if (requireBrackets)
            {
                return SipSyntaxResult<SipNameAddress>.Fail("name-addr required", pos);
            }

            // RFC 3261 §20.10: in addr-spec form ';' starts header parameters, so a URI with ',', ';' or '?' must be
            // in angle brackets; a '?' here is RFC 4475 regbadct.
            var end = pos;
            while (end < value.Length && value[end] is not ((byte)';' or (byte)' ' or (byte)'\t') && !(list && value[end] == (byte)','))
            {
                end++;
            }

            var spec = value[pos..end];
            if (spec.IndexOf((byte)'?') >= 0)
            {
                return SipSyntaxResult<SipNameAddress>.Fail("URI with headers must be enclosed in <>", pos + spec.IndexOf((byte)'?'));
            }

            var parsed = SipUriParser.Parse(spec);
            if (!parsed.IsSuccess)
            {
                return SipSyntaxResult<SipNameAddress>.Fail(parsed.Error, pos + parsed.Offset);
            }

            uri = parsed.Value;
            pos = end;
        }

        var parameters = new List<SipParameter>(1);
        if (!SipParameterListParser.TryParse(value, ref pos, parameters))
        {
            return SipSyntaxResult<SipNameAddress>.Fail("Malformed header parameter", pos);
        }

        return SipSyntaxResult<SipNameAddress>.Ok(new SipNameAddress(displayName, uri, bracketed, parameters));
    }

    private static string? JoinWords(ReadOnlySpan<byte> words)
    {
        var trimmed = SipCursor.Trim(words);
        if (trimmed.IsEmpty)
        {
            return null;
        }

        var builder = new StringBuilder(trimmed.Length);
        var lastWasSpace = false;
        foreach (var b in trimmed)
        {
            var space = SipChars.IsWhitespace(b);
            if (!space || !lastWasSpace)
            {
                builder.Append(space ? ' ' : (char)b);
            }

            lastWasSpace = space;
        }

        return builder.ToString();
    }
}
