using System.Globalization;
using System.Text.Json;

namespace HomeTelco.Media.Scanning;

/// <summary>Reads ffprobe's <c>-print_format json -show_format -show_streams</c> output into a <see cref="ProbeResult"/>.</summary>
internal static class FfprobeParser
{
    public static ProbeResult Parse(ReadOnlySpan<byte> json)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException)
        {
            return ProbeResult.Failed("ffprobe's answer was not readable.");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return ProbeResult.Failed("ffprobe's answer was not readable.");
            }

            var tags = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            var streams = new List<ProbeStream>();
            if (root.TryGetProperty("streams", out var streamArray) && streamArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var s in streamArray.EnumerateArray())
                {
                    var stream = ReadStream(s);
                    streams.Add(stream);
                    // Stream tags fill in what the container lacks (FLAC and Matroska keep titles there).
                    if (!stream.IsAttachedPicture)
                    {
                        ReadTags(s, tags, overwrite: false);
                    }
                }
            }

            string? formatName = null;
            double duration = 0;
            long bitrate = 0;
            if (root.TryGetProperty("format", out var format) && format.ValueKind == JsonValueKind.Object)
            {
                formatName = String(format, "format_name");
                duration = Double(format, "duration");
                bitrate = Long(format, "bit_rate");
                ReadTags(format, tags, overwrite: true);
            }

            return new ProbeResult
            {
                FormatName = formatName,
                DurationSeconds = duration,
                Bitrate = bitrate,
                Tags = tags,
                Streams = streams,
            };
        }
    }

    private static ProbeStream ReadStream(JsonElement s)
    {
        var attached = s.TryGetProperty("disposition", out var disposition)
            && disposition.ValueKind == JsonValueKind.Object
            && disposition.TryGetProperty("attached_pic", out var pic)
            && pic.ValueKind == JsonValueKind.Number && pic.GetInt32() == 1;
        return new ProbeStream(
            (int)Long(s, "index"),
            String(s, "codec_type") ?? "",
            String(s, "codec_name"),
            (int)Long(s, "width"),
            (int)Long(s, "height"),
            Long(s, "bit_rate"),
            Rate(String(s, "avg_frame_rate")) is > 0 and var avg ? avg : Rate(String(s, "r_frame_rate")),
            String(s, "pix_fmt"),
            (int)Long(s, "channels"),
            attached);
    }

    private static void ReadTags(JsonElement owner, Dictionary<string, string> tags, bool overwrite)
    {
        if (!owner.TryGetProperty("tags", out var t) || t.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var tag in t.EnumerateObject())
        {
            if (tag.Value.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            var value = tag.Value.GetString()!.Trim();
            if (value.Length == 0 || value.Length > 1024)
            {
                continue;
            }

            if (overwrite || !tags.ContainsKey(tag.Name))
            {
                tags[tag.Name] = value;
            }
        }
    }

    private static string? String(JsonElement owner, string name) =>
        owner.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>ffprobe prints most numbers as strings ("5.000000"), a few as numbers.</summary>
    private static double Double(JsonElement owner, string name)
    {
        if (!owner.TryGetProperty(name, out var v))
        {
            return 0;
        }

        if (v.ValueKind == JsonValueKind.Number)
        {
            return v.GetDouble();
        }

        return v.ValueKind == JsonValueKind.String
            && double.TryParse(v.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d) && d >= 0 ? d : 0;
    }

    private static long Long(JsonElement owner, string name)
    {
        var d = Double(owner, name);
        return d > long.MaxValue ? 0 : (long)d;
    }

    /// <summary>A frame rate as ffprobe writes it, "30000/1001"; 0 for "0/0" or nonsense.</summary>
    private static double Rate(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return 0;
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && double.IsFinite(r) ? r : 0;
        }

        return double.TryParse(text.AsSpan(0, slash), NumberStyles.Float, CultureInfo.InvariantCulture, out var num)
            && double.TryParse(text.AsSpan(slash + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var den)
            && den > 0 && double.IsFinite(num / den)
            ? Math.Round(num / den, 3)
            : 0;
    }
}
