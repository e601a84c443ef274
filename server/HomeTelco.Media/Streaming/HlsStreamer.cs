using HomeTelco.Core.Profiles;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Streaming;

/// <summary>
/// The HLS engine's front: master and media playlists and segment files for a source, one session per
/// (item, variant), limited by the active hardware profile's concurrent transcodes. Abandoned sessions
/// are stopped and their files deleted by <see cref="Sweep"/>, which a background loop calls.
/// </summary>
public sealed class HlsStreamer : IAsyncDisposable
{
    private readonly StreamingOptions _options;
    private readonly Func<HardwareProfile> _profile;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly HardwareEncoderProbe _probe;
    private readonly Dictionary<string, HlsSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _sessionsLock = new();

    public HlsStreamer(StreamingOptions options, Func<HardwareProfile> profile, TimeProvider time, ILogger<HlsStreamer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _profile = profile;
        _time = time;
        _logger = logger;
        _probe = new HardwareEncoderProbe(options.FfmpegPath, options.WorkDir, logger);
        if (Directory.Exists(options.WorkDir))
        {
            // Sessions of a previous run that crashed: nobody will ever ask for them again.
            foreach (var stale in Directory.EnumerateDirectories(options.WorkDir, "hls-*"))
            {
                Directory.Delete(stale, recursive: true);
            }
        }
    }

    /// <summary>Sessions alive now.</summary>
    public int SessionCount
    {
        get
        {
            lock (_sessionsLock)
            {
                return _sessions.Count;
            }
        }
    }

    internal HardwareEncoderProbe Probe => _probe;

    /// <summary>The variants this box offers for a source and request.</summary>
    public IReadOnlyList<HlsVariant> Ladder(SourceFacts source, StreamRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return HlsLadder.Choose(source, _profile().MaxConcurrentTranscodes, request.MaxHeight, request.AcceptsOpus);
    }

    /// <summary>The master playlist; <c>query</c> (with its '?', e.g. a signed link, or empty) is appended to every URI.</summary>
    public string MasterPlaylist(SourceFacts source, StreamRequest request, string query) =>
        HlsPlaylistWriter.Master(source, Ladder(source, request), query);

    public async Task<string> MediaPlaylistAsync(string itemKey, string sourcePath, SourceFacts source, string variant, StreamRequest request, string query, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(itemKey, sourcePath, source, variant, request).ConfigureAwait(false);
        return await session.MediaPlaylistAsync(query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Path of a finished segment (or init) file, made on demand; throws <see cref="StreamingException"/>.</summary>
    public async Task<string> SegmentAsync(string itemKey, string sourcePath, SourceFacts source, string variant, string fileName, StreamRequest request, CancellationToken cancellationToken)
    {
        var session = await SessionAsync(itemKey, sourcePath, source, variant, request).ConfigureAwait(false);
        return await session.FileAsync(fileName, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops abandoned sessions and pauses encoders far ahead of their player.</summary>
    public async Task Sweep()
    {
        var now = _time.GetUtcNow();
        var abandoned = new List<HlsSession>();
        lock (_sessionsLock)
        {
            foreach (var session in _sessions.Values)
            {
                if (now - session.LastAccess > _options.IdleTimeout)
                {
                    abandoned.Add(session);
                }
            }

            foreach (var session in abandoned)
            {
                _sessions.Remove(session.Key);
            }
        }

        foreach (var session in abandoned)
        {
            Log.SessionAbandoned(_logger, session.Key);
            await session.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var session in Snapshot())
        {
            session.Throttle();
        }
    }

    internal HlsSession? Find(string itemKey, string variant)
    {
        lock (_sessionsLock)
        {
            return _sessions.GetValueOrDefault(SessionKey(itemKey, variant));
        }
    }

    public async ValueTask DisposeAsync()
    {
        HlsSession[] all;
        lock (_sessionsLock)
        {
            all = [.. _sessions.Values];
            _sessions.Clear();
        }

        foreach (var session in all)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static string SessionKey(string itemKey, string variant) => itemKey + "/" + variant;

    private HlsSession[] Snapshot()
    {
        lock (_sessionsLock)
        {
            return [.. _sessions.Values];
        }
    }

    private async Task<HlsSession> SessionAsync(string itemKey, string sourcePath, SourceFacts source, string variantName, StreamRequest request)
    {
        var key = SessionKey(itemKey, variantName);
        lock (_sessionsLock)
        {
            if (_sessions.TryGetValue(key, out var existing))
            {
                return existing;
            }
        }

        var profile = _profile();
        var variant = HlsLadder.Find(Ladder(source, request), variantName);
        var encoder = variant.Mode == HlsVariantMode.Transcode
            ? await _probe.ChooseAsync(profile.HardwareAcceleration).ConfigureAwait(false)
            : VideoEncoder.Software;
        if (!File.Exists(sourcePath))
        {
            throw new StreamingException(StreamingFailure.NotFound, "The source file is no longer on disk.");
        }

        HlsSession? evicted = null;
        HlsSession created;
        lock (_sessionsLock)
        {
            if (_sessions.TryGetValue(key, out var raced))
            {
                return raced;
            }

            var limit = profile.MaxConcurrentTranscodes <= 0 ? _options.MaxCopySessions : profile.MaxConcurrentTranscodes;
            if (_sessions.Count >= limit)
            {
                // Make room by stopping the session idle the longest, if any has been idle a while (a player
                // between segments is not idle); otherwise refuse.
                var oldest = _sessions.Values.MinBy(s => s.LastAccess);
                if (oldest is null || _time.GetUtcNow() - oldest.LastAccess < _options.SegmentLength * 4)
                {
                    throw new StreamingException(
                        StreamingFailure.Busy,
                        $"All {limit} streaming slots of this box's hardware profile ({profile.Name}) are in use; try again when a stream ends, or play the file directly.");
                }

                _sessions.Remove(oldest.Key);
                evicted = oldest;
            }

            created = new HlsSession(key, sourcePath, source, variant, encoder, _options, _time, _logger);
            _sessions[key] = created;
        }

        if (evicted is not null)
        {
            Log.SessionEvicted(_logger, evicted.Key, key);
            await evicted.DisposeAsync().ConfigureAwait(false);
        }

        return created;
    }
}
