using System.Text;

namespace HomeTelco.Torrent.Magnets;

/// <summary>Percent-decoding of one magnet parameter value into UTF-8 text, refusing malformed escapes.</summary>
internal static class MagnetPercentDecoder
{
    /// <param name="value">The raw value between '=' and the next '&amp;'.</param>
    /// <param name="plusIsSpace">Form-style '+' for space (display names written by browsers and libtorrent).</param>
    /// <param name="text">The decoded text.</param>
    public static bool TryDecode(ReadOnlySpan<char> value, bool plusIsSpace, out string text)
    {
        text = "";
        var bytes = value.Length <= 1024 ? stackalloc byte[value.Length] : new byte[value.Length];
        var length = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || Hex(value[i + 1]) is not (>= 0 and var hi) || Hex(value[i + 2]) is not (>= 0 and var lo))
                {
                    return false;
                }

                bytes[length++] = (byte)((hi << 4) | lo);
                i += 2;
            }
            else if (c > 0x7E || c < 0x20)
            {
                // A link is ASCII; anything else was pasted from somewhere that mangled it.
                return false;
            }
            else
            {
                bytes[length++] = plusIsSpace && c == '+' ? (byte)' ' : (byte)c;
            }
        }

        text = Encoding.UTF8.GetString(bytes[..length]);
        return true;
    }

    private static int Hex(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
