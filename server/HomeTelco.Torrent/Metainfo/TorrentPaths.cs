using System.Text;
using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Metainfo;

/// <summary>
/// Turns path components from a (possibly hostile) torrent into a relative path that cannot leave the download
/// folder: no "..", ".", empty or over-long components, no separators, NUL or control characters inside one,
/// and a bounded depth and length. Names that are not valid UTF-8 are kept with U+FFFD in place of the bad
/// bytes (old torrents carry legacy encodings); two names that collapse to one path are caught as duplicates.
/// </summary>
internal static class TorrentPaths
{
    public const int MaxComponentBytes = 255;
    public const int MaxDepth = 64;
    public const int MaxPathBytes = 4096;

    /// <summary>Checks each component and joins them with '/', or throws naming <paramref name="what"/> and the path.</summary>
    public static string Build(IReadOnlyList<BString> components, string what)
    {
        if (components.Count == 0)
        {
            throw new MetainfoException($"The torrent's {what} has an empty path.");
        }

        if (components.Count > MaxDepth)
        {
            throw new MetainfoException($"The torrent's {what} is nested more than {MaxDepth} folders deep.");
        }

        var texts = new string[components.Count];
        for (var i = 0; i < components.Count; i++)
        {
            texts[i] = components[i].Text;
        }

        var path = string.Join('/', texts);
        foreach (var component in components)
        {
            var problem = Problem(component.Bytes.Span);
            if (problem is not null)
            {
                throw new MetainfoException($"The torrent's {what} has path '{Printable(path)}', {problem}.");
            }
        }

        if (Encoding.UTF8.GetByteCount(path) > MaxPathBytes)
        {
            throw new MetainfoException($"The torrent's {what} has a path longer than {MaxPathBytes} bytes.");
        }

        return path;
    }

    /// <summary>Null when one path component is acceptable, else the reason as the end of a sentence.</summary>
    public static string? Problem(ReadOnlySpan<byte> component)
    {
        if (component.Length == 0)
        {
            return "which has an empty folder or file name";
        }

        if (component.Length > MaxComponentBytes)
        {
            return $"which has a name longer than {MaxComponentBytes} bytes";
        }

        if (component.SequenceEqual("."u8) || component.SequenceEqual(".."u8))
        {
            return "which would escape its folder";
        }

        foreach (var b in component)
        {
            if (b is (byte)'/' or (byte)'\\')
            {
                return "which would escape its folder (a name may not contain '/' or '\\')";
            }

            if (b < 0x20 || b == 0x7F)
            {
                return "which contains a control character";
            }
        }

        return null;
    }

    /// <summary>Untrusted text made safe to show: control characters replaced, length capped.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(Math.Min(text.Length, 80));
        foreach (var c in text.AsSpan(0, Math.Min(text.Length, 80)))
        {
            builder.Append(char.IsControl(c) ? '?' : c);
        }

        return text.Length > 80 ? builder.Append("...").ToString() : builder.ToString();
    }
}
