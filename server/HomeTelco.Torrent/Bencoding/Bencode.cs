namespace HomeTelco.Torrent.Bencoding;

/// <summary>
/// Decodes bencoding (BEP 3) strictly: integers and string lengths without leading zeros or "-0",
/// dictionary keys as byte strings in ascending order, and <see cref="BencodeLimits"/> on depth, item
/// count and string length. Bad input is refused with an error naming the offset; nothing here throws on it.
/// </summary>
public static class Bencode
{
    /// <summary>Decodes <paramref name="data"/>, which must hold exactly one value and nothing after it.</summary>
    /// <param name="data">The buffer; decoded values are views over it.</param>
    /// <param name="limits">Bounds to enforce.</param>
    /// <param name="value">The value, when the result is true.</param>
    /// <param name="error">What is wrong and where, when the result is false.</param>
    public static bool TryDecode(ReadOnlyMemory<byte> data, BencodeLimits limits, out BValue? value, out string? error)
    {
        if (!BencodeParser.TryParse(data, limits, out value, out var consumed, out error))
        {
            return false;
        }

        if (consumed != data.Length)
        {
            value = null;
            error = BencodeParser.At(consumed, $"{data.Length - consumed} bytes of trailing data after the value");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Decodes the one value at the start of <paramref name="data"/> and says how many bytes it took; the rest
    /// is left for the caller (a BEP 9 ut_metadata "data" message carries the piece after its dictionary).
    /// </summary>
    /// <param name="data">The buffer; decoded values are views over it.</param>
    /// <param name="limits">Bounds to enforce.</param>
    /// <param name="value">The value, when the result is true.</param>
    /// <param name="consumed">Bytes the value took, when the result is true.</param>
    /// <param name="error">What is wrong and where, when the result is false.</param>
    public static bool TryDecodePrefix(ReadOnlyMemory<byte> data, BencodeLimits limits, out BValue? value, out int consumed, out string? error) =>
        BencodeParser.TryParse(data, limits, out value, out consumed, out error);
}
