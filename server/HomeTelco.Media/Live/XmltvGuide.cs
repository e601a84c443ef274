using System.Globalization;
using System.Xml;

namespace HomeTelco.Media.Live;

/// <summary>One programme from an XMLTV guide.</summary>
public sealed record GuideProgramme(string ChannelId, DateTimeOffset Start, DateTimeOffset Stop, string Title);

/// <summary>
/// An XMLTV guide (programme elements with start, stop, channel and title), read with DTDs prohibited
/// and a bound on programmes; answers "now and next" per channel.
/// </summary>
public sealed class XmltvGuide
{
    public const int MaxProgrammes = 50_000;
    private readonly Dictionary<string, List<GuideProgramme>> _byChannel;

    private XmltvGuide(Dictionary<string, List<GuideProgramme>> byChannel) => _byChannel = byChannel;

    public static XmltvGuide Empty { get; } = new(new Dictionary<string, List<GuideProgramme>>(StringComparer.Ordinal));

    public int ProgrammeCount => _byChannel.Values.Sum(l => l.Count);

    /// <summary>Parses the guide; throws <see cref="FormatException"/> on malformed XML or times.</summary>
    public static XmltvGuide Parse(string xml)
    {
        var byChannel = new Dictionary<string, List<GuideProgramme>>(StringComparer.Ordinal);
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Ignore, XmlResolver = null, IgnoreComments = true };
        var count = 0;
        try
        {
            using var reader = XmlReader.Create(new StringReader(xml), settings);
            while (reader.ReadToFollowing("programme"))
            {
                if (++count > MaxProgrammes)
                {
                    throw new FormatException($"The guide has more than {MaxProgrammes} programmes.");
                }

                var channel = reader.GetAttribute("channel") ?? string.Empty;
                var start = Time(reader.GetAttribute("start"));
                var stop = Time(reader.GetAttribute("stop"));
                var title = string.Empty;
                using (var programme = reader.ReadSubtree())
                {
                    if (programme.ReadToFollowing("title"))
                    {
                        title = programme.ReadElementContentAsString();
                    }
                }

                if (!byChannel.TryGetValue(channel, out var list))
                {
                    byChannel[channel] = list = [];
                }

                list.Add(new GuideProgramme(channel, start, stop, title));
            }
        }
        catch (XmlException e)
        {
            throw new FormatException("The guide is not valid XMLTV: " + e.Message, e);
        }

        foreach (var list in byChannel.Values)
        {
            list.Sort((a, b) => a.Start.CompareTo(b.Start));
        }

        return new XmltvGuide(byChannel);
    }

    /// <summary>The programme on air at <paramref name="now"/> and the one after it (either may be null).</summary>
    public (GuideProgramme? Now, GuideProgramme? Next) NowNext(string channelId, DateTimeOffset now)
    {
        if (!_byChannel.TryGetValue(channelId, out var list))
        {
            return (null, null);
        }

        GuideProgramme? current = null;
        foreach (var programme in list)
        {
            if (programme.Start <= now && now < programme.Stop)
            {
                current = programme;
            }
            else if (programme.Start > now)
            {
                return (current, programme);
            }
        }

        return (current, null);
    }

    // XMLTV times: "YYYYMMDDhhmmss +hhmm" (the offset optional, UTC then).
    private static DateTimeOffset Time(string? value)
    {
        if (value is null || value.Length < 14)
        {
            throw new FormatException($"'{value}' is not an XMLTV time.");
        }

        var local = DateTime.ParseExact(value[..14], "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var rest = value[14..].Trim();
        var offset = TimeSpan.Zero;
        if (rest.Length == 5 && (rest[0] == '+' || rest[0] == '-')
            && int.TryParse(rest.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h)
            && int.TryParse(rest.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m))
        {
            offset = new TimeSpan(h, m, 0) * (rest[0] == '-' ? -1 : 1);
        }
        else if (rest.Length > 0)
        {
            throw new FormatException($"'{value}' has an offset XMLTV does not allow.");
        }

        return new DateTimeOffset(local, offset);
    }
}
