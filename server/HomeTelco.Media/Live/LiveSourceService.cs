using System.Text.RegularExpressions;
using HomeTelco.Core;
using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Media.Live;

/// <summary>
/// The configured live sources and the channels and guide they give. Playlists and guides are parsed
/// when a source is added (a bad one is refused with the reason) and kept parsed in memory.
/// </summary>
public sealed partial class LiveSourceService
{
    public const int MaxSources = 32;
    private const int MaxTextChars = 8 * 1024 * 1024;

    private readonly ILiteCollection<LiveSource> _sources;
    private readonly TimeProvider _time;
    private readonly Lock _cacheLock = new();
    private (IReadOnlyList<LiveChannel> Channels, XmltvGuide[] Guides)? _cache;

    public LiveSourceService(HomeStore store, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(store);
        _sources = store.Collection<LiveSource>(Collections.LiveSources);
        _time = time;
    }

    public IReadOnlyList<LiveSource> List() => _sources.FindAll().OrderBy(s => s.AddedAt).ToList();

    /// <summary>Adds a source: an M3U playlist (with an optional XMLTV guide) or a V4L2 device path.</summary>
    public LiveSource Add(string? name, string? playlist, string? guide, string? device)
    {
        name = name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 100)
        {
            throw new BoxRequestException("A live source needs a name of 1 to 100 characters.");
        }

        playlist ??= string.Empty;
        guide ??= string.Empty;
        device ??= string.Empty;
        if (playlist.Length > MaxTextChars || guide.Length > MaxTextChars)
        {
            throw new BoxRequestException("The playlist or guide is larger than 8 MiB.");
        }

        if ((playlist.Length > 0) == (device.Length > 0))
        {
            throw new BoxRequestException("Give either an M3U playlist or a capture device (/dev/videoN), not both or neither.");
        }

        if (device.Length > 0 && !DevicePattern().IsMatch(device))
        {
            throw new BoxRequestException("A capture device must be /dev/video0 to /dev/video99.");
        }

        var source = new LiveSource { Id = Guid.NewGuid().ToString("N")[..8], Name = name, Playlist = playlist, Guide = guide, Device = device, AddedAt = _time.GetUtcNow() };
        try
        {
            if (playlist.Length > 0 && M3uParser.Parse(playlist, source.Id).Count == 0)
            {
                throw new BoxRequestException("The playlist has no channels.");
            }

            if (guide.Length > 0)
            {
                _ = XmltvGuide.Parse(guide);
            }
        }
        catch (FormatException e)
        {
            throw new BoxRequestException(e.Message);
        }

        if (_sources.Count() >= MaxSources)
        {
            throw new BoxRequestException($"A box keeps at most {MaxSources} live sources.") { IsConflict = true };
        }

        _sources.Insert(source);
        Invalidate();
        return source;
    }

    public void Remove(string id)
    {
        if (!_sources.Delete(id))
        {
            throw new BoxRequestException($"There is no live source '{id}'.") { IsNotFound = true };
        }

        Invalidate();
    }

    /// <summary>Every channel of every source, in the order sources were added.</summary>
    public IReadOnlyList<LiveChannel> Channels() => Load().Channels;

    public LiveChannel? FindChannel(string id) => Channels().FirstOrDefault(c => string.Equals(c.Id, id, StringComparison.Ordinal));

    /// <summary>Now and next for a channel from any source's guide.</summary>
    public (GuideProgramme? Now, GuideProgramme? Next) NowNext(LiveChannel channel)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (channel.GuideId.Length == 0)
        {
            return (null, null);
        }

        var now = _time.GetUtcNow();
        foreach (var guide in Load().Guides)
        {
            var found = guide.NowNext(channel.GuideId, now);
            if (found.Now is not null || found.Next is not null)
            {
                return found;
            }
        }

        return (null, null);
    }

    [GeneratedRegex("^/dev/video[0-9]{1,2}$")]
    private static partial Regex DevicePattern();

    private void Invalidate()
    {
        lock (_cacheLock)
        {
            _cache = null;
        }
    }

    private (IReadOnlyList<LiveChannel> Channels, XmltvGuide[] Guides) Load()
    {
        lock (_cacheLock)
        {
            if (_cache is { } cached)
            {
                return cached;
            }

            var channels = new List<LiveChannel>();
            var guides = new List<XmltvGuide>();
            foreach (var source in List())
            {
                try
                {
                    if (source.Device.Length > 0)
                    {
                        channels.Add(new LiveChannel(source.Id + "-1", source.Id, source.Name, string.Empty, "Capture", source.Device, IsDevice: true));
                    }
                    else
                    {
                        channels.AddRange(M3uParser.Parse(source.Playlist, source.Id));
                    }

                    if (source.Guide.Length > 0)
                    {
                        guides.Add(XmltvGuide.Parse(source.Guide));
                    }
                }
                catch (FormatException)
                {
                    // Checked when added; a source edited in the store by hand is skipped rather than breaking the list.
                }
            }

            _cache = (channels, [.. guides]);
            return _cache.Value;
        }
    }
}
