using System.Text;

namespace HomeTelco.Sip.Syntax;

/// quoted-string handling (RFC 3261 §25.1): quoted-pair is a backslash and any byte but CR and LF.
internal static class SipQuoting
{
    /// Finds the closing quote of a quoted-string whose opening quote is at <paramref name="start"/>; -1 when unterminated.
    internal static int FindClosingQuote(ReadOnlySpan<byte> text, int start)
    {
        for (var i = start + 1; i < text.Length; i++)
        {
            var b = text[i];
            if (b == (byte)'\\')
            {
                if (i + 1 >= text.Length || text[i + 1] is (byte)'\r' or (byte)'\n')
                {
                    return -1;
                }

                i++;
            }
            else if (b == (byte)'"')
            {
                return i;
            }
        }

        return -1;
    }

    internal static string Unquote(ReadOnlySpan<char> inner)
    {
        if (inner.IndexOf('\\') < 0)
        {
            return inner.ToString();
        }

        var builder = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            if (inner[i] == '\\' && i + 1 < inner.Length)
            {
                i++;
            }

            builder.Append(inner[i]);
        }

        return builder.ToString();
    }

    /// Unquotes the bytes between the quotes of a quoted-string.
    internal static string Unquote(ReadOnlySpan<byte> inner) => Unquote(Encoding.UTF8.GetString(inner).AsSpan());
}
