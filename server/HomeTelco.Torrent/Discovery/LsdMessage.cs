using System.Globalization;
using System.Text;

namespace HomeTelco.Torrent.Discovery;

/// <summary>
/// BEP 14 announces: an HTTP-like request line <c>BT-SEARCH * HTTP/1.1</c>, then Host, Port, one or more Infohash
/// headers (40 hex digits each) and an optional cookie, ended by an empty line. The parser is a pure function over the
/// datagram: header names are case-insensitive, unknown headers are skipped, and anything malformed is refused with a
/// reason instead of an exception.
/// </summary>
internal static class LsdMessage
{
    /// <summary>One datagram never needs more; larger ones are refused unread.</summary>
    public const int MaxDatagram = 1400;

    private static readonly byte[] RequestLine = "BT-SEARCH * HTTP/1.1"u8.ToArray();

    /// <summary>Writes an announce for <paramref name="infoHashes"/>; returns the length, or 0 when it would not fit.</summary>
    public static int Write(Span<byte> destination, string host, int port, ReadOnlySpan<InfoHash> infoHashes, string cookie)
    {
        var text = new StringBuilder(128 + (infoHashes.Length * 52));
        text.Append("BT-SEARCH * HTTP/1.1\r\n");
        text.Append("Host: ").Append(host).Append("\r\n");
        text.Append(CultureInfo.InvariantCulture, $"Port: {port}\r\n");
        foreach (var hash in infoHashes)
        {
            text.Append("Infohash: ").Append(hash.ToHex()).Append("\r\n");
        }

        text.Append("cookie: ").Append(cookie).Append("\r\n\r\n\r\n");
        var needed = Encoding.ASCII.GetByteCount(text.ToString());
        return needed > destination.Length ? 0 : Encoding.ASCII.GetBytes(text.ToString(), destination);
    }

    /// <summary>
    /// Reads an announce. <paramref name="infoHashes"/> receives at most <paramref name="maxInfoHashes"/> hashes (the
    /// rest are ignored); <paramref name="cookie"/> is empty when absent.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> datagram, List<InfoHash> infoHashes, int maxInfoHashes, out int port, out string cookie, out string? error)
    {
        port = 0;
        cookie = string.Empty;
        error = null;
        if (datagram.Length > MaxDatagram)
        {
            error = $"datagram of {datagram.Length} bytes";
            return false;
        }

        var rest = datagram;
        if (!TryReadLine(ref rest, out var first) || !first.SequenceEqual(RequestLine))
        {
            error = "not a BT-SEARCH request";
            return false;
        }

        var sawPort = false;
        while (TryReadLine(ref rest, out var line))
        {
            if (line.IsEmpty)
            {
                break;
            }

            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                error = "header line without a name";
                return false;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.EqualsIgnoreCaseAscii("Port"u8))
            {
                if (!TryParsePort(value, out port))
                {
                    error = "Port is not 1-65535";
                    return false;
                }

                sawPort = true;
            }
            else if (name.EqualsIgnoreCaseAscii("Infohash"u8))
            {
                if (!TryParseHash(value, out var hash))
                {
                    error = "Infohash is not 40 hex digits";
                    return false;
                }

                if (infoHashes.Count < maxInfoHashes && !infoHashes.Contains(hash))
                {
                    infoHashes.Add(hash);
                }
            }
            else if (name.EqualsIgnoreCaseAscii("cookie"u8) && value.Length <= 64)
            {
                cookie = Encoding.ASCII.GetString(value);
            }
        }

        if (!sawPort || infoHashes.Count == 0)
        {
            error = sawPort ? "no Infohash" : "no Port";
            return false;
        }

        return true;
    }

    private static bool TryReadLine(ref ReadOnlySpan<byte> rest, out ReadOnlySpan<byte> line)
    {
        var end = rest.IndexOf("\r\n"u8);
        if (end < 0)
        {
            line = default;
            return false;
        }

        line = rest[..end];
        rest = rest[(end + 2)..];
        return true;
    }

    private static bool TryParsePort(ReadOnlySpan<byte> value, out int port)
    {
        port = 0;
        if (value.IsEmpty || value.Length > 5)
        {
            return false;
        }

        foreach (var b in value)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            port = (port * 10) + (b - '0');
        }

        return port is > 0 and <= ushort.MaxValue;
    }

    private static bool TryParseHash(ReadOnlySpan<byte> value, out InfoHash hash)
    {
        hash = default;
        if (value.Length != 40)
        {
            return false;
        }

        Span<char> chars = stackalloc char[40];
        for (var i = 0; i < 40; i++)
        {
            chars[i] = (char)value[i];
        }

        if (!InfoHash.TryParse(chars, out var parsed))
        {
            return false;
        }

        hash = parsed.Value;
        return true;
    }

    private static bool EqualsIgnoreCaseAscii(this ReadOnlySpan<byte> span, ReadOnlySpan<byte> ascii) =>
        Ascii.EqualsIgnoreCase(span, ascii);
}
