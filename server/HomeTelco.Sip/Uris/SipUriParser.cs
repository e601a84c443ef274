using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Uris;

/// Parses SIP/SIPS (RFC 3261 §19.1, §25.1, RFC 5118) and TEL (RFC 3966) URIs; other schemes are checked as absoluteURI.
internal static class SipUriParser
{
    private static readonly SipParameter[] None = [];

    public static SipSyntaxResult<SipUri> Parse(ReadOnlySpan<byte> text)
    {
        var colon = text.IndexOf((byte)':');
        if (colon <= 0)
        {
            return SipSyntaxResult<SipUri>.Fail("URI has no scheme", 0);
        }

        var scheme = text[..colon];
        if (!SipChars.IsAlpha(scheme[0]) || scheme.IndexOfAnyExcept(SipChars.SchemeChar) >= 0)
        {
            return SipSyntaxResult<SipUri>.Fail("Invalid URI scheme", 0);
        }

        var rest = text[(colon + 1)..];
        if (rest.IsEmpty)
        {
            return SipSyntaxResult<SipUri>.Fail("Empty URI after scheme", colon + 1);
        }

        // No URI form allows whitespace or control bytes; rejecting them here catches lwsruri and badaspec.
        for (var i = 0; i < rest.Length; i++)
        {
            if (rest[i] <= 0x20 || rest[i] == 0x7F)
            {
                return SipSyntaxResult<SipUri>.Fail("Whitespace or control character in URI", colon + 1 + i);
            }
        }

        if (Ascii.EqualsIgnoreCase(scheme, "sip"u8))
        {
            return ParseSip(SipUriScheme.Sip, "sip", rest, colon + 1);
        }

        if (Ascii.EqualsIgnoreCase(scheme, "sips"u8))
        {
            return ParseSip(SipUriScheme.Sips, "sips", rest, colon + 1);
        }

        if (Ascii.EqualsIgnoreCase(scheme, "tel"u8))
        {
            return ParseTel(rest, colon + 1);
        }

        var name = Encoding.ASCII.GetString(scheme).ToLowerInvariant();
        return SipSyntaxResult<SipUri>.Ok(new SipUri(SipUriScheme.Other, name, null, null, string.Empty, null, None, None, Encoding.UTF8.GetString(rest)));
    }

    private static SipSyntaxResult<SipUri> ParseSip(SipUriScheme scheme, string name, ReadOnlySpan<byte> rest, int baseOffset)
    {
        string? user = null;
        string? password = null;
        var pos = 0;
        var userInfoEnd = rest.IndexOfAnyExcept(SipChars.UserInfo);
        if (userInfoEnd >= 0 && rest[userInfoEnd] == (byte)'@')
        {
            var userInfo = rest[..userInfoEnd];
            var passwordColon = userInfo.IndexOf((byte)':');
            var userPart = passwordColon < 0 ? userInfo : userInfo[..passwordColon];
            if (userPart.IsEmpty || userPart.IndexOfAnyExcept(SipChars.User) >= 0)
            {
                return SipSyntaxResult<SipUri>.Fail("Invalid user part", baseOffset);
            }

            user = SipEscaping.Unescape(userPart);
            if (user is null)
            {
                return SipSyntaxResult<SipUri>.Fail("Invalid escape in user part", baseOffset);
            }

            if (passwordColon >= 0)
            {
                var passwordPart = userInfo[(passwordColon + 1)..];
                password = passwordPart.IndexOfAnyExcept(SipChars.Password) >= 0 ? null : SipEscaping.Unescape(passwordPart);
                if (password is null)
                {
                    return SipSyntaxResult<SipUri>.Fail("Invalid password", baseOffset + passwordColon + 1);
                }
            }

            pos = userInfoEnd + 1;
        }

        var hostStart = pos;
        if (!TryParseHost(rest, ref pos, out var host))
        {
            return SipSyntaxResult<SipUri>.Fail("Invalid host", baseOffset + hostStart);
        }

        int? port = null;
        if (pos < rest.Length && rest[pos] == (byte)':')
        {
            var digitsStart = ++pos;
            while (pos < rest.Length && SipChars.IsDigit(rest[pos]))
            {
                pos++;
            }

            if (!SipCursor.TryParseDecimal(rest[digitsStart..pos], 65535, out var portValue))
            {
                return SipSyntaxResult<SipUri>.Fail("Invalid port", baseOffset + digitsStart);
            }

            port = (int)portValue;
        }

        var parameters = ParseParameters(rest, ref pos, out var error);
        if (error)
        {
            return SipSyntaxResult<SipUri>.Fail("Invalid URI parameter", baseOffset + pos);
        }

        var headers = ParseHeaders(rest, ref pos, out error);
        if (error || pos != rest.Length)
        {
            return SipSyntaxResult<SipUri>.Fail(error ? "Invalid URI header" : "Unexpected character in URI", baseOffset + pos);
        }

        return SipSyntaxResult<SipUri>.Ok(new SipUri(scheme, name, user, password, host, port, parameters, headers));
    }

    private static SipSyntaxResult<SipUri> ParseTel(ReadOnlySpan<byte> rest, int baseOffset)
    {
        var end = rest.IndexOfAnyExcept(SipChars.TelChar);
        var numberEnd = end < 0 ? rest.Length : end;
        if (numberEnd == 0)
        {
            return SipSyntaxResult<SipUri>.Fail("Empty telephone number", baseOffset);
        }

        var number = Encoding.ASCII.GetString(rest[..numberEnd]);
        var pos = numberEnd;
        var parameters = ParseParameters(rest, ref pos, out var error);
        if (error || pos != rest.Length)
        {
            return SipSyntaxResult<SipUri>.Fail("Invalid telephone URI parameter", baseOffset + pos);
        }

        return SipSyntaxResult<SipUri>.Ok(new SipUri(SipUriScheme.Tel, "tel", number, null, string.Empty, null, parameters, None));
    }

    private static bool TryParseHost(ReadOnlySpan<byte> rest, ref int pos, out string host)
    {
        host = string.Empty;
        if (pos >= rest.Length)
        {
            return false;
        }

        if (rest[pos] == (byte)'[')
        {
            var close = rest[pos..].IndexOf((byte)']');
            if (close < 0)
            {
                return false;
            }

            var literal = rest.Slice(pos + 1, close - 1);
            if (!IPAddress.TryParse(Encoding.ASCII.GetString(literal), out var address) || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = Encoding.ASCII.GetString(rest.Slice(pos, close + 1));
            pos += close + 1;
            return true;
        }

        var length = rest[pos..].IndexOfAnyExcept(SipChars.HostName);
        length = length < 0 ? rest.Length - pos : length;
        var candidate = rest.Slice(pos, length);
        if (candidate.IsEmpty || candidate[0] is (byte)'-' or (byte)'.' || candidate[^1] == (byte)'-' || candidate.IndexOf(".."u8) >= 0)
        {
            return false;
        }

        host = Encoding.ASCII.GetString(candidate);
        pos += length;
        return true;
    }

    private static SipParameter[] ParseParameters(ReadOnlySpan<byte> rest, ref int pos, out bool error)
    {
        error = false;
        if (pos >= rest.Length || rest[pos] != (byte)';')
        {
            return None;
        }

        var list = new List<SipParameter>(2);
        while (pos < rest.Length && rest[pos] == (byte)';')
        {
            pos++;
            var nameLength = rest[pos..].IndexOfAnyExcept(SipChars.Param);
            nameLength = nameLength < 0 ? rest.Length - pos : nameLength;
            var parameterName = nameLength == 0 ? null : SipEscaping.Unescape(rest.Slice(pos, nameLength));
            if (parameterName is null)
            {
                error = true;
                return None;
            }

            pos += nameLength;
            string? value = null;
            if (pos < rest.Length && rest[pos] == (byte)'=')
            {
                pos++;
                var valueLength = rest[pos..].IndexOfAnyExcept(SipChars.Param);
                valueLength = valueLength < 0 ? rest.Length - pos : valueLength;
                value = valueLength == 0 ? null : SipEscaping.Unescape(rest.Slice(pos, valueLength));
                if (value is null)
                {
                    error = true;
                    return None;
                }

                pos += valueLength;
            }

            list.Add(new SipParameter(parameterName, value));
        }

        return [.. list];
    }

    private static SipParameter[] ParseHeaders(ReadOnlySpan<byte> rest, ref int pos, out bool error)
    {
        error = false;
        if (pos >= rest.Length || rest[pos] != (byte)'?')
        {
            return None;
        }

        var list = new List<SipParameter>(1);
        do
        {
            pos++;
            var nameLength = rest[pos..].IndexOfAnyExcept(SipChars.HeaderChar);
            nameLength = nameLength < 0 ? rest.Length - pos : nameLength;
            var headerName = nameLength == 0 ? null : SipEscaping.Unescape(rest.Slice(pos, nameLength));
            pos += nameLength;
            if (headerName is null || pos >= rest.Length || rest[pos] != (byte)'=')
            {
                error = true;
                return None;
            }

            pos++;
            var valueLength = rest[pos..].IndexOfAnyExcept(SipChars.HeaderChar);
            valueLength = valueLength < 0 ? rest.Length - pos : valueLength;
            var value = SipEscaping.Unescape(rest.Slice(pos, valueLength));
            if (value is null)
            {
                error = true;
                return None;
            }

            pos += valueLength;
            list.Add(new SipParameter(headerName, value));
        }
        while (pos < rest.Length && rest[pos] == (byte)'&');

        return [.. list];
    }
}
