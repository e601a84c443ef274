using System.Globalization;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Streaming;

/// <summary>
/// One (item, variant) being streamed: a temp folder and at most one ffmpeg writing segments into it.
/// Segments are made lazily: a request for a segment the encoder will soon reach waits for it (bounded);
/// one far ahead of or behind the encoder restarts ffmpeg at that segment. ffmpeg writes each segment
/// to a .tmp file and renames it when complete, so an existing N.ts is always whole.
/// </summary>
internal sealed class HlsSession : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(40);

    private readonly string _source;
    private readonly SourceFacts _facts;
    private readonly VideoEncoder _encoder;
    private readonly StreamingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _encoderGate = new(1, 1);
    private FfmpegProcess? _ffmpeg;
    private int _encoderStart;
    private int _nextUnmade;
    private int _lastRequested;
    private long _lastAccessTicks;
    private int _disposed;

    public HlsSession(string key, string source, SourceFacts facts, HlsVariant variant, VideoEncoder encoder, StreamingOptions options, TimeProvider time, ILogger logger)
    {
        Key = key;
        Variant = variant;
        _source = source;
        _facts = facts;
        _encoder = encoder;
        _options = options;
        _time = time;
        _logger = logger;
        Folder = Path.Combine(options.WorkDir, "hls-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
        SegmentCount = HlsPlaylistWriter.SegmentCount(facts.Duration, options.SegmentLength);
        Touch();
    }

    public string Key { get; }

    public HlsVariant Variant { get; }

    /// <summary>The session's private temp folder; deleted on dispose.</summary>
    public string Folder { get; }

    public int SegmentCount { get; }

    /// <summary>When the last playlist or segment request arrived.</summary>
    public DateTimeOffset LastAccess => new(Interlocked.Read(ref _lastAccessTicks), TimeSpan.Zero);

    /// <summary>The running ffmpeg's process id, or null (tests kill it to simulate a crash).</summary>
    public int? EncoderProcessId => _ffmpeg is { HasExited: false } f ? f.Id : null;

    /// <summary>How many ffmpeg runs this session started (a seek that restarts adds one).</summary>
    public int EncoderStarts { get; private set; }

    public bool IsEncoderPaused => _ffmpeg?.IsPaused ?? false;

    public void Touch() => Interlocked.Exchange(ref _lastAccessTicks, _time.GetUtcNow().UtcTicks);

    /// <summary>The media playlist: computed for transcodes, ffmpeg's own (growing) one for copies.</summary>
    public async Task<string> MediaPlaylistAsync(string query, CancellationToken cancellationToken)
    {
        Touch();
        if (Variant.Mode != HlsVariantMode.Copy)
        {
            return HlsPlaylistWriter.Media(_facts.Duration, _options.SegmentLength, Variant, query);
        }

        // Copies cut at the source's keyframes, which only ffmpeg knows: serve its EVENT playlist.
        await EnsureEncoderAsync(0, cancellationToken).ConfigureAwait(false);
        var path = Path.Combine(Folder, HlsEncodeArguments.FfmpegPlaylist);
        await WaitForAsync(() => File.Exists(path), cancellationToken).ConfigureAwait(false);
        var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        return string.IsNullOrEmpty(query) ? text : AppendQuery(text, query);
    }

    /// <summary>Path of a finished file (<c>N.ts</c>, <c>N.m4s</c> or <c>init.mp4</c>), made if needed.</summary>
    public async Task<string> FileAsync(string name, CancellationToken cancellationToken)
    {
        Touch();
        if (string.Equals(name, "init.mp4", StringComparison.Ordinal) && Variant.IsFragmentedMp4)
        {
            var init = Path.Combine(Folder, name);
            if (!File.Exists(init))
            {
                await EnsureEncoderAsync(Math.Max(_lastRequested, 0), cancellationToken).ConfigureAwait(false);
                await WaitForAsync(() => File.Exists(init), cancellationToken).ConfigureAwait(false);
            }

            return init;
        }

        var n = ParseSegment(name);
        var path = SegmentPath(n);
        _lastRequested = n;
        if (!File.Exists(path))
        {
            await _encoderGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!File.Exists(path) && NeedsRestart(n))
                {
                    // A copy cuts at the source's own keyframes, so it always runs from the start.
                    await StartEncoderAsync(Variant.Mode == HlsVariantMode.Copy ? 0 : n).ConfigureAwait(false);
                }
            }
            finally
            {
                _encoderGate.Release();
            }

            await WaitForAsync(() => File.Exists(path), cancellationToken).ConfigureAwait(false);
        }

        // The player caught up with a paused encoder: let it run again.
        if (_ffmpeg is { IsPaused: true } paused && Produced() - n <= _options.ThrottleAhead)
        {
            paused.Resume();
            Log.EncoderResumed(_logger, Key, n);
        }

        return path;
    }

    /// <summary>Pauses the encoder when it is far enough ahead of the player (called by the sweeper).</summary>
    public void Throttle()
    {
        if (_ffmpeg is { HasExited: false, IsPaused: false } running && Produced() - _lastRequested > _options.ThrottleAhead)
        {
            running.Pause();
            Log.EncoderPaused(_logger, Key, _lastRequested, _nextUnmade);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _encoderGate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_ffmpeg is not null)
            {
                await _ffmpeg.DisposeAsync().ConfigureAwait(false);
                _ffmpeg = null;
            }
        }
        finally
        {
            _encoderGate.Release();
        }

        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException e)
        {
            Log.SessionFolderNotDeleted(_logger, Folder, e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            Log.SessionFolderNotDeleted(_logger, Folder, e.Message);
        }

        _encoderGate.Dispose();
    }

    private static string AppendQuery(string playlist, string query)
    {
        var lines = playlist.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length > 0 && lines[i][0] != '#')
            {
                lines[i] += query;
            }
        }

        return string.Join('\n', lines);
    }

    private int ParseSegment(string name)
    {
        var dot = name.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0
            || !string.Equals(name[(dot + 1)..], Variant.SegmentExtension, StringComparison.Ordinal)
            || !int.TryParse(name.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var n)
            || (Variant.Mode != HlsVariantMode.Copy && n >= SegmentCount))
        {
            throw new StreamingException(StreamingFailure.NotFound, $"There is no segment '{name}' in this playlist.");
        }

        return n;
    }

    private string SegmentPath(int n) => Path.Combine(Folder, n.ToString(CultureInfo.InvariantCulture) + "." + Variant.SegmentExtension);

    private bool NeedsRestart(int n)
    {
        if (_ffmpeg is null || _ffmpeg.HasExited)
        {
            // Nothing running (first request, a crash, or a finished run that did not cover n).
            return Variant.Mode != HlsVariantMode.Copy || _ffmpeg is null || _ffmpeg.ExitCode != 0;
        }

        if (Variant.Mode == HlsVariantMode.Copy)
        {
            return false;
        }

        return n < _encoderStart || n > Produced() + _options.RestartDistance;
    }

    private async Task EnsureEncoderAsync(int start, CancellationToken cancellationToken)
    {
        await _encoderGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ffmpeg is null || (_ffmpeg.HasExited && _ffmpeg.ExitCode != 0))
            {
                await StartEncoderAsync(start).ConfigureAwait(false);
            }
        }
        finally
        {
            _encoderGate.Release();
        }
    }

    private async Task StartEncoderAsync(int start)
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (_ffmpeg is not null)
        {
            await _ffmpeg.DisposeAsync().ConfigureAwait(false);
        }

        var args = HlsEncodeArguments.Vod(_source, Variant, start, _options.SegmentLength, _encoder);
        _ffmpeg = FfmpegProcess.Start(_options.FfmpegPath, args, Folder);
        _encoderStart = start;
        _nextUnmade = start;
        EncoderStarts++;
        Log.EncoderStarted(_logger, Key, start, _ffmpeg.Id);
    }

    /// <summary>First segment number at or after the encoder's start that does not exist yet.</summary>
    private int Produced()
    {
        while (_nextUnmade < SegmentCount && File.Exists(SegmentPath(_nextUnmade)))
        {
            _nextUnmade++;
        }

        return _nextUnmade;
    }

    private async Task WaitForAsync(Func<bool> ready, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + _options.SegmentWait;
        while (!ready())
        {
            var ffmpeg = _ffmpeg;
            if (ffmpeg is { HasExited: true })
            {
                if (ready())
                {
                    return;
                }

                var code = ffmpeg.ExitCode;
                throw new StreamingException(
                    StreamingFailure.EncoderFailed,
                    code == 0
                        ? "ffmpeg finished without making the requested part of the stream."
                        : $"ffmpeg stopped (exit code {code}) before the segment was ready: {ffmpeg.LastErrors()}. Retrying will start it again.");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new StreamingException(StreamingFailure.EncoderFailed, $"The segment was not ready within {_options.SegmentWait.TotalSeconds:0} s; the box may be overloaded.");
            }

            if (ffmpeg is { IsPaused: true })
            {
                ffmpeg.Resume();
            }

            await Task.Delay(PollInterval, cancellationToken).ConfigureAwait(false);
        }
    }
}
