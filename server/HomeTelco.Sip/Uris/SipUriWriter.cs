using System.Text;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Uris;

/// Writes a URI back in canonical escaped form, so that parsing the output yields an equivalent URI.
internal static class SipUriWriter
{
    /// Returns the count written, or -1 when <paramref name="destination"/> is too small.
    public static int Write(SipUri uri, Span<byte> destination)
    {
        var pos = 0;
        if (!Append(destination, ref pos, uri.SchemeName) || !Append(destination, ref pos, ":"))
        {
            return -1;
        }

        if (uri.Scheme == SipUriScheme.Other)
        {
            return Append(destination, ref pos, uri.Opaque ?? string.Empty) ? pos : -1;
        }

        if (uri.Scheme == SipUriScheme.Tel)
        {
            if (!Append(destination, ref pos, uri.User ?? string.Empty))
            {
                return -1;
            }
        }
        else
        {
            if (uri.User is not null)
            {
                if (!Escaped(destination, ref pos, uri.User, SipChars.User))
                {
                    return -1;
                }

                if (uri.Password is not null && (!Append(destination, ref pos, ":") || !Escaped(destination, ref pos, uri.Password, SipChars.Password)))
                {
                    return -1;
                }

                if (!Append(destination, ref pos, "@"))
                {
                    return -1;
                }
            }

            if (!Append(destination, ref pos, uri.Host))
            {
                return -1;
            }

            if (uri.Port is int port)
            {
                Span<char> digits = stackalloc char[6];
                port.TryFormat(digits, out var count, provider: System.Globalization.CultureInfo.InvariantCulture);
                if (!Append(destination, ref pos, ":") || !Append(destination, ref pos, digits[..count]))
                {
                    return -1;
                }
            }
        }

        foreach (var parameter in uri.Parameters)
        {
            if (!Append(destination, ref pos, ";") || !Escaped(destination, ref pos, parameter.Name, SipChars.Param))
            {
                return -1;
            }

            if (parameter.Value is not null && (!Append(destination, ref pos, "=") || !Escaped(destination, ref pos, parameter.Value, SipChars.Param)))
            {
                return -1;
            }
        }

        for (var i = 0; i < uri.Headers.Count; i++)
        {
            var header = uri.Headers[i];
            if (!Append(destination, ref pos, i == 0 ? "?" : "&")
                || !Escaped(destination, ref pos, header.Name, SipChars.HeaderChar)
                || !Append(destination, ref pos, "=")
                || !Escaped(destination, ref pos, header.Value ?? string.Empty, SipChars.HeaderChar))
            {
                return -1;
            }
        }

        return pos;
    }

    private static bool Escaped(Span<byte> destination, ref int pos, string value, System.Buffers.SearchValues<byte> allowed)
    {
        var count = SipEscaping.Escape(value, allowed, destination[pos..]);
        if (count < 0)
        {
            return false;
        }

        pos += count;
        return true;
    }

    private static bool Append(Span<byte> destination, ref int pos, ReadOnlySpan<char> text)
    {
        if (!Encoding.UTF8.TryGetBytes(text, destination[pos..], out var count))
        {
            return false;
        }

        pos += count;
        return true;
    }
}
