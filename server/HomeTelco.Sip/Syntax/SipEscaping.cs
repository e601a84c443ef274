using System.Buffers;
using System.Text;

namespace HomeTelco.Sip.Syntax;

/// %HH escaping of URI components (RFC 3261 §19.1.2, §25.1).
internal static class SipEscaping
{
    /// Unescapes a component already checked against its character set; null when a '%' is not followed by two hex digits.
    internal static string? Unescape(ReadOnlySpan<byte> value)
    {
        if (value.IndexOf((byte)'%') < 0)
        {
            return Encoding.UTF8.GetString(value);
        }

        // Components are short; a stack buffer keeps unescaping allocation-free apart from the string itself.
        Span<byte> buffer = value.Length <= 256 ? stackalloc byte[256] : new byte[value.Length];
        var length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var b = value[i];
            if (b == (byte)'%')
            {
                if (i + 2 >= value.Length)
                {
                    return null;
                }

                var hi = SipChars.HexValue(value[i + 1]);
                var lo = SipChars.HexValue(value[i + 2]);
                if (hi < 0 || lo < 0)
                {
                    return null;
                }

                buffer[length++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else
            {
                buffer[length++] = b;
            }
        }

        return Encoding.UTF8.GetString(buffer[..length]);
    }

    /// Writes <paramref name="value"/> escaping every byte outside <paramref name="allowed"/> (and '%' itself).
    /// Returns the count written, or -1 when <paramref name="destination"/> is too small.
    internal static int Escape(string value, SearchValues<byte> allowed, Span<byte> destination)
    {
        var written = 0;
        Span<byte> one = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            var count = rune.EncodeToUtf8(one);
            for (var i = 0; i < count; i++)
            {
                var b = one[i];
                if (b != (byte)'%' && allowed.Contains(b))
                {
                    if (written >= destination.Length)
                    {
                        return -1;
                    }

                    destination[written++] = b;
                }
                else
                {
                    if (written + 3 > destination.Length)
                    {
                        return -1;
                    }

                    destination[written++] = (byte)'%';
                    destination[written++] = HexDigit(b >> 4);
                    destination[written++] = HexDigit(b & 0xF);
                }
            }
        }

        return written;
    }

    private static byte HexDigit(int nibble) => (byte)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10);
}
