using System.Text.RegularExpressions;
using HomeTelco.Core;
using HomeTelco.Core.Store;
using LiteDB;

namespace HomeTelco.Media.Live;

/// <summary>
/// The configured live sources and the channels and guide they give. Playlists and guides are parsed
/// when a source is added (a bad one is refused with the reason) and kept parsed in memory; those given as URLs are
/// fetched then and every <see cref="RefreshInterval"/> after (by <see cref="LiveSourceRefresher"/>).
/// </summary>
public sealed partial class LiveSourceService
{
    public const int MaxSources = 32;
    private const int MaxTextChars = 8 * 1024 * 1024;

    private readonly ILiteCollection<LiveSource> _sources;
    private readonly TimeProvider _time;
    private readonly LiveSourceFetcher _fetcher;
    private readonly Lock _cacheLock = new();
    private (IReadOnlyList<LiveChannel> Channels, XmltvGuide[] Guides)? _cache;

    public LiveSourceService(HomeStore store, TimeProvider time, LiveSourceFetcher fetcher)
    {
        ArgumentNullException.ThrowIfNull(store);
        _sources = store.Collection<LiveSource>(Collections.LiveSources);
        _time = time;
        _fetcher = fetcher;
    }

    public IReadOnlyList<LiveSource> List() => _sources.FindAll().OrderBy(s => s.AddedAt).ToList();

    /// <summary>How often sources with URLs are fetched again (IPTV guides usually cover a few days).</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(12);

    /// <summary>
    /// Adds a source: an M3U playlist (text or URL, with an optional XMLTV guide as text or URL) or a V4L2 device path.
    /// URLs are fetched now, so a wrong link is refused with the reason rather than giving an empty channel list later.
    /// </summary>
    public async Task<LiveSource> AddAsync(NewLiveSource request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = request.Name?.Trim() ?? string.Empty;
        if (name.Length is 0 or > 100)
        {
            throw new BoxRequestException("A live source needs a name of 1 to 100 characters.");
        }

        var playlistUrl = request.PlaylistUrl?.Trim() ?? string.Empty;
        var guideUrl = request.GuideUrl?.Trim() ?? string.Empty;
        var device = request.Device ?? string.Empty;
        var playlistGiven = !string.IsNullOrEmpty(request.Playlist) || playlistUrl.Length > 0;
        if (!string.IsNullOrEmpty(request.Playlist) && playlistUrl.Length > 0)
        {
            throw new BoxRequestException("Give the playlist as text or as a URL, not both.");
        }

        if (!string.IsNullOrEmpty(request.Guide) && guideUrl.Length > 0)
        {
            throw new BoxRequestException("Give the guide as text or as a URL, not both.");
        }

        if (playlistGiven == (device.Length > 0))
        {
            throw new BoxRequestException("Give either an M3U playlist (text or URL) or a capture device (/dev/videoN), not both or neither.");
        }

        if (device.Length > 0 && !DevicePattern().IsMatch(device))
        {
            throw new BoxRequestException("A capture device must be /dev/video0 to /dev/video99.");
        }

        var source = new LiveSource
        {
            Id = Guid.NewGuid().ToString("N")[..8],
            Name = name,
            Playlist = request.Playlist ?? string.Empty,
            Guide = request.Guide ?? string.Empty,
            Device = device,
            PlaylistUrl = playlistUrl,
            GuideUrl = guideUrl,
            AddedAt = _time.GetUtcNow(),
        };
        try
        {
            await FetchAsync(source, cancellationToken).ConfigureAwait(false);
            Validate(source);
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

    /// <summary>
    /// Fetches a source's URLs again now. A failure keeps the playlist and guide it had and records why; it throws
    /// only for an unknown id.
    /// </summary>
    public async Task<LiveSource> RefreshAsync(string id, CancellationToken cancellationToken)
    {
        var source = _sources.FindById(id) ?? throw new BoxRequestException($"There is no live source '{id}'.") { IsNotFound = true };
        if (source.PlaylistUrl.Length == 0 && source.GuideUrl.Length == 0)
        {
            return source;
        }

        var fetched = new LiveSource { Id = source.Id, Playlist = source.Playlist, Guide = source.Guide, PlaylistUrl = source.PlaylistUrl, GuideUrl = source.GuideUrl };
        try
        {
            await FetchAsync(fetched, cancellationToken).ConfigureAwait(false);
            Validate(fetched);
            (source.Playlist, source.Guide, source.RefreshedAt, source.RefreshError) = (fetched.Playlist, fetched.Guide, fetched.RefreshedAt, string.Empty);
        }
        catch (FormatException e)
        {
            source.RefreshError = e.Message;
        }

        // The source may have been removed while its URLs were being fetched: then there is nothing to update.
        if (_sources.Update(source))
        {
            Invalidate();
        }

        return source;
    }

    /// <summary>Refreshes every source whose URLs were last fetched more than <see cref="RefreshInterval"/> ago.</summary>
    public async Task RefreshDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        foreach (var source in List().Where(s => (s.PlaylistUrl.Length > 0 || s.GuideUrl.Length > 0) && (s.RefreshedAt is null || now - s.RefreshedAt >= RefreshInterval)))
        {
            await RefreshAsync(source.Id, cancellationToken).ConfigureAwait(false);
        }
    }

    // Fills the playlist and guide text from their URLs (when given) and stamps the time.
    private async Task FetchAsync(LiveSource source, CancellationToken cancellationToken)
    {
        if (source.PlaylistUrl.Length > 0)
        {
            source.Playlist = await _fetcher.FetchTextAsync(source.PlaylistUrl, cancellationToken).ConfigureAwait(false);
        }

        if (source.GuideUrl.Length > 0)
        {
            source.Guide = await _fetcher.FetchTextAsync(source.GuideUrl, cancellationToken).ConfigureAwait(false);
        }

        if (source.PlaylistUrl.Length > 0 || source.GuideUrl.Length > 0)
        {
            source.RefreshedAt = _time.GetUtcNow();
        }
    }

    /// <summary>Parses what a source holds; FormatException with the reason when it is unusable.</summary>
    private static void Validate(LiveSource source)
    {
        if (source.Playlist.Length > MaxTextChars || source.Guide.Length > MaxTextChars)
        {
            throw new FormatException("The playlist or guide is larger than 8 MiB.");
        }

        if (source.Device.Length == 0 && M3uParser.Parse(source.Playlist, source.Id).Count == 0)
        {
            throw new FormatException("The playlist has no channels.");
        }

        if (source.Guide.Length > 0)
        {
            _ = XmltvGuide.Parse(source.Guide);
        }
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
