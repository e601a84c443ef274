using System.Globalization;

namespace HomeTelco.Media.Live;

/// <summary>
/// Reads an IPTV M3U playlist (#EXTM3U, #EXTINF with tvg-id, tvg-name, group-title, then the URL line).
/// Only http, https, udp and rtp URLs are kept (never file: or anything ffmpeg would read from the box's
/// disk); entries beyond a bound are refused so a huge file cannot exhaust memory.
/// </summary>
internal static class M3uParser
{
    public const int MaxChannels = 5000;
    private static readonly string[] AllowedSchemes = ["http", "https", "udp", "rtp"];

    /// <summary>Channels in order; throws <see cref="FormatException"/> naming the line when the text is not an M3U playlist.</summary>
    public static IReadOnlyList<LiveChannel> Parse(string text, string sourceId)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n');
        if (lines.Length == 0 || !lines[0].TrimStart('\uFEFF').StartsWith("#EXTM3U", StringComparison.Ordinal))
        {
            throw new FormatException("The playlist does not start with #EXTM3U.");
        }

        var channels = new List<LiveChannel>();
        string? pendingInfo = null;
        for (var i = 1; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith("#EXTINF:", StringComparison.Ordinal))
            {
                pendingInfo = line;
                continue;
            }

            if (line[0] == '#')
            {
                continue;
            }

            if (!Uri.TryCreate(line, UriKind.Absolute, out var uri) || Array.IndexOf(AllowedSchemes, uri.Scheme) < 0)
            {
                throw new FormatException($"Line {i + 1}: '{Shorten(line)}' is not an http, https, udp or rtp URL.");
            }

            if (channels.Count == MaxChannels)
            {
                throw new FormatException($"The playlist has more than {MaxChannels} channels.");
            }

            var attributes = pendingInfo is null ? new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) : Attributes(pendingInfo);
            var title = pendingInfo is null ? string.Empty : Title(pendingInfo);
            var name = title.Length > 0 ? title : attributes.GetValueOrDefault("tvg-name") ?? uri.Host;
            var number = (channels.Count + 1).ToString(CultureInfo.InvariantCulture);
            channels.Add(new LiveChannel(
                sourceId + "-" + number,
                sourceId,
                name,
                attributes.GetValueOrDefault("tvg-id") ?? string.Empty,
                attributes.GetValueOrDefault("group-title") ?? string.Empty,
                line,
                IsDevice: false));
            pendingInfo = null;
        }

        return channels;
    }

    /// <summary>key="value" pairs between "#EXTINF:-1" and the comma before the title.</summary>
    internal static Dictionary<string, string> Attributes(string info)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var i = info.IndexOf(':', StringComparison.Ordinal) + 1;
        while (i < info.Length)
        {
            var eq = info.IndexOf("=\"", i, StringComparison.Ordinal);
            if (eq < 0)
            {
                break;
            }

            var close = info.IndexOf('"', eq + 2);
            if (close < 0)
            {
                break;
            }

            var keyStart = info.LastIndexOf(' ', eq) + 1;
            if (keyStart > i - 1 && keyStart < eq)
            {
                result[info[keyStart..eq]] = info[(eq + 2)..close];
            }

            i = close + 1;
        }

        return result;
    }

    /// <summary>The display title: what follows the first comma outside quotes.</summary>
    private static string Title(string info)
    {
        var quoted = false;
        for (var i = 0; i < info.Length; i++)
        {
            if (info[i] == '"')
            {
                quoted = !quoted;
            }
            else if (info[i] == ',' && !quoted)
            {
                return info[(i + 1)..].Trim();
            }
        }

        return string.Empty;
    }

    private static string Shorten(string line) => line.Length > 80 ? line[..80] + "..." : line;
}
