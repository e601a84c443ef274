using HomeTelco.Core.Profiles;
using HomeTelco.Media.Streaming;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Live;

/// <summary>
/// Live channels being watched: one <see cref="LiveSession"/> (one ffmpeg) per channel shared by every
/// viewer, stopped by <see cref="Sweep"/> once no viewer has fetched within the viewer timeout. The
/// number of channels at once (tuners) is the profile's transcode limit, at least one; on a copy-only
/// profile channels are remuxed as they come.
/// </summary>
public sealed class LiveStreamer : IAsyncDisposable
{
    private readonly LiveOptions _options;
    private readonly Func<HardwareProfile> _profile;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, LiveSession> _sessions = new(StringComparer.Ordinal);
    private readonly Lock _sessionsLock = new();

    public LiveStreamer(LiveOptions options, Func<HardwareProfile> profile, TimeProvider time, ILogger<LiveStreamer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _profile = profile;
        _time = time;
        _logger = logger;
    }

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

    /// <summary>The live playlist for a viewer, with <paramref name="query"/> appended to segment URIs.</summary>
    public async Task<string> PlaylistAsync(LiveChannel channel, string viewer, string query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        var session = Session(channel);
        session.Seen(viewer, _time.GetUtcNow());
        string text;
        try
        {
            text = await session.PlaylistAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (StreamingException e) when (e.Failure == StreamingFailure.EncoderFailed && session.EncoderProcessId is null)
        {
            // A source that cannot be opened must not hold a tuner until its viewers time out.
            lock (_sessionsLock)
            {
                if (_sessions.GetValueOrDefault(channel.Id) == session)
                {
                    _sessions.Remove(channel.Id);
                }
            }

            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
        if (query.Length == 0)
        {
            return text;
        }

        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0 && lines[i][0] != '#')
            {
                lines[i] += query;
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>Path of a live segment still in the window; NotFound once it has slid out.</summary>
    public string Segment(string channelId, string viewer, string name)
    {
        LiveSession? session;
        lock (_sessionsLock)
        {
            session = _sessions.GetValueOrDefault(channelId);
        }

        if (session is null)
        {
            throw new StreamingException(StreamingFailure.NotFound, "Nobody is watching this channel; fetch its playlist first.");
        }

        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !name.EndsWith(".ts", StringComparison.Ordinal) || name.AsSpan(0, dot).ContainsAnyExceptInRange('0', '9'))
        {
            throw new StreamingException(StreamingFailure.NotFound, $"There is no segment '{name}'.");
        }

        session.Seen(viewer, _time.GetUtcNow());
        var path = Path.Combine(session.Folder, name);
        return File.Exists(path)
            ? path
            : throw new StreamingException(StreamingFailure.NotFound, "That segment has left the live window.");
    }

    internal LiveSession? Find(string channelId)
    {
        lock (_sessionsLock)
        {
            return _sessions.GetValueOrDefault(channelId);
        }
    }

    /// <summary>Stops channels whose viewers have all gone.</summary>
    public async Task Sweep()
    {
        var cutoff = _time.GetUtcNow() - _options.ViewerTimeout;
        var ended = new List<LiveSession>();
        lock (_sessionsLock)
        {
            foreach (var session in _sessions.Values)
            {
                if (session.ForgetViewersBefore(cutoff) == 0)
                {
                    ended.Add(session);
                }
            }

            foreach (var session in ended)
            {
                _sessions.Remove(session.ChannelId);
            }
        }

        foreach (var session in ended)
        {
            Log.LiveChannelStopped(_logger, session.ChannelId);
            await session.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        LiveSession[] all;
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

    private LiveSession Session(LiveChannel channel)
    {
        lock (_sessionsLock)
        {
            if (_sessions.TryGetValue(channel.Id, out var existing))
            {
                return existing;
            }

            var profile = _profile();
            var tuners = Math.Max(1, profile.MaxConcurrentTranscodes);
            if (_sessions.Count >= tuners)
            {
                throw new StreamingException(
                    StreamingFailure.Busy,
                    $"All {tuners} live tuner slots of this box's hardware profile ({profile.Name}) are in use by other channels; try again when one is no longer watched.");
            }

            // Live channels use software encoding: a hardware encoder probe would delay the first picture.
            var session = new LiveSession(channel, _options, copy: profile.MaxConcurrentTranscodes <= 0, VideoEncoder.Software, _logger);
            _sessions[channel.Id] = session;
            return session;
        }
    }
}
