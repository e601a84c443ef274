using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Headers;

/// Via = ( "Via" / "v" ) HCOLON via-parm *(COMMA via-parm), with SWS allowed around '/', ':' and ';' (RFC 3261 §25.1).
internal static class SipViaParser
{
    /// Appends every via-parm of one header value to <paramref name="into"/>.
    public static SipSyntaxResult<List<SipVia>> Parse(ReadOnlySpan<byte> value, List<SipVia>? into = null)
    {
        into ??= new List<SipVia>(2);
        var pos = 0;
        while (true)
        {
            pos = SipCursor.SkipWhitespace(value, pos);
            if (!TryReadToken(value, ref pos, out var protocol) || !TrySlash(value, ref pos)
                || !TryReadToken(value, ref pos, out var version) || !TrySlash(value, ref pos)
                || !TryReadToken(value, ref pos, out var transport))
            {
                return SipSyntaxResult<List<SipVia>>.Fail("Malformed sent-protocol", pos);
            }

            var hostStart = SipCursor.SkipWhitespace(value, pos);
            if (hostStart == pos || !TryReadHost(value, ref hostStart, out var host))
            {
                return SipSyntaxResult<List<SipVia>>.Fail("Malformed sent-by host", hostStart);
            }

            pos = hostStart;
            int? port = null;
            var p = SipCursor.SkipWhitespace(value, pos);
            if (p < value.Length && value[p] == (byte)':')
            {
                var digitsStart = SipCursor.SkipWhitespace(value, p + 1);
                var digitsEnd = digitsStart;
                while (digitsEnd < value.Length && SipChars.IsDigit(value[digitsEnd]))
                {
                    digitsEnd++;
                }

                if (!SipCursor.TryParseDecimal(value[digitsStart..digitsEnd], 65535, out var portValue))
                {
                    return SipSyntaxResult<List<SipVia>>.Fail("Malformed sent-by port", digitsStart);
                }

                port = (int)portValue;
                pos = digitsEnd;
            }

            var parameters = new List<SipParameter>(2);
            if (!SipParameterListParser.TryParse(value, ref pos, parameters))
            {
                return SipSyntaxResult<List<SipVia>>.Fail("Malformed Via parameter", pos);
            }

            into.Add(new SipVia(protocol, version, transport, host, port, parameters));
            if (pos >= value.Length)
            {
                return SipSyntaxResult<List<SipVia>>.Ok(into);
            }

            if (value[pos] != (byte)',')
            {
                return SipSyntaxResult<List<SipVia>>.Fail("Unexpected character in Via", pos);
            }

            pos++;
        }
    }

    private static bool TryReadToken(ReadOnlySpan<byte> value, ref int pos, out string token)
    {
        var end = SipCursor.ScanToken(value, pos);
        token = end > pos ? Encoding.ASCII.GetString(value[pos..end]) : string.Empty;
        var ok = end > pos;
        pos = end;
        return ok;
    }

    private static bool TrySlash(ReadOnlySpan<byte> value, ref int pos)
    {
        var p = SipCursor.SkipWhitespace(value, pos);
        if (p >= value.Length || value[p] != (byte)'/')
        {
            return false;
        }

        pos = SipCursor.SkipWhitespace(value, p + 1);
        return true;
    }

    internal static bool TryReadHost(ReadOnlySpan<byte> value, ref int pos, out string host)
    {
        host = string.Empty;
        if (pos >= value.Length)
        {
            return false;
        }

        if (value[pos] == (byte)'[')
        {
            var close = value[pos..].IndexOf((byte)']');
            if (close < 2 || !IPAddress.TryParse(Encoding.ASCII.GetString(value.Slice(pos + 1, close - 1)), out var address)
                || address.AddressFamily != AddressFamily.InterNetworkV6)
            {
                return false;
            }

            host = Encoding.ASCII.GetString(value.Slice(pos, close + 1));
            pos += close + 1;
            return true;
        }

        var length = value[pos..].IndexOfAnyExcept(SipChars.HostName);
        length = length < 0 ? value.Length - pos : length;
        if (length == 0)
        {
            return false;
        }

        host = Encoding.ASCII.GetString(value.Slice(pos, length));
        pos += length;
        return true;
    }
}
