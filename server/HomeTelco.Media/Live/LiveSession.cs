using HomeTelco.Media.Streaming;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Media.Live;

/// <summary>
/// One channel being watched: one ffmpeg writing a sliding-window live HLS playlist (old segments
/// deleted) into a temp folder, shared by all viewers. Viewers are remembered by id with the time of
/// their last fetch; the streamer stops the session when none has fetched for a while.
/// </summary>
internal sealed class LiveSession : IAsyncDisposable
{
    public const string PlaylistName = "live.m3u8";

    private readonly LiveChannel _channel;
    private readonly LiveOptions _options;
    private readonly bool _copy;
    private readonly VideoEncoder _encoder;
    private readonly ILogger _logger;
    private readonly Dictionary<string, DateTimeOffset> _viewers = new(StringComparer.Ordinal);
    private readonly Lock _viewersLock = new();
    private readonly SemaphoreSlim _encoderGate = new(1, 1);
    private FfmpegProcess? _ffmpeg;
    private int _disposed;

    public LiveSession(LiveChannel channel, LiveOptions options, bool copy, VideoEncoder encoder, ILogger logger)
    {
        _channel = channel;
        _options = options;
        _copy = copy;
        _encoder = encoder;
        _logger = logger;
        Folder = Path.Combine(options.Streaming.WorkDir, "live-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Folder);
    }

    public string ChannelId => _channel.Id;

    public string Folder { get; }

    /// <summary>The running ffmpeg's process id, or null.</summary>
    public int? EncoderProcessId => _ffmpeg is { HasExited: false } f ? f.Id : null;

    public int EncoderStarts { get; private set; }

    public void Seen(string viewer, DateTimeOffset now)
    {
        lock (_viewersLock)
        {
            if (_viewers.Count < _options.MaxViewersPerChannel || _viewers.ContainsKey(viewer))
            {
                _viewers[viewer] = now;
            }
        }
    }

    /// <summary>Forgets viewers not seen since <paramref name="cutoff"/>; returns how many remain.</summary>
    public int ForgetViewersBefore(DateTimeOffset cutoff)
    {
        lock (_viewersLock)
        {
            foreach (var (viewer, seen) in _viewers.ToArray())
            {
                if (seen < cutoff)
                {
                    _viewers.Remove(viewer);
                }
            }

            return _viewers.Count;
        }
    }

    public int ViewerCount
    {
        get
        {
            lock (_viewersLock)
            {
                return _viewers.Count;
            }
        }
    }

    /// <summary>ffmpeg's live playlist once it lists a segment, starting (or restarting) ffmpeg if needed.</summary>
    public async Task<string> PlaylistAsync(CancellationToken cancellationToken)
    {
        await _encoderGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_ffmpeg is null || _ffmpeg.HasExited)
            {
                if (_ffmpeg is not null)
                {
                    Log.LiveEncoderEnded(_logger, ChannelId, _ffmpeg.ExitCode ?? -1, _ffmpeg.LastErrors());
                    await _ffmpeg.DisposeAsync().ConfigureAwait(false);
                }

                _ffmpeg = FfmpegProcess.Start(_options.Streaming.FfmpegPath, Arguments(), Folder);
                EncoderStarts++;
                Log.LiveEncoderStarted(_logger, ChannelId, _ffmpeg.Id);
            }
        }
        finally
        {
            _encoderGate.Release();
        }

        var path = Path.Combine(Folder, PlaylistName);
        var deadline = DateTime.UtcNow + _options.StartWait;
        while (true)
        {
            if (File.Exists(path))
            {
                try
                {
                    var text = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
                    if (text.Contains("#EXTINF", StringComparison.Ordinal))
                    {
                        return text;
                    }
                }
                catch (FileNotFoundException)
                {
                    // ffmpeg replaced the playlist between the check and the read (temp_file + rename).
                }
            }

            var ffmpeg = _ffmpeg;
            if (ffmpeg is { HasExited: true })
            {
                throw new StreamingException(StreamingFailure.EncoderFailed, $"The channel's stream could not be opened or ended (ffmpeg exit code {ffmpeg.ExitCode}): {ffmpeg.LastErrors()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new StreamingException(StreamingFailure.EncoderFailed, $"The channel sent no picture within {_options.StartWait.TotalSeconds:0} s.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
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

        _encoderGate.Dispose();
    }

    private List<string> Arguments()
    {
        var seconds = HlsEncodeArguments.Seconds(_options.SegmentLength);
        var args = new List<string>(40);
        if (_channel.IsDevice)
        {
            args.AddRange(["-f", "v4l2"]);
        }
        else
        {
            // A source that stalls must not hang ffmpeg forever: give up after rw_timeout (microseconds).
            args.AddRange(["-rw_timeout", "15000000"]);
        }

        args.AddRange(["-i", _channel.Input]);
        if (_copy)
        {
            args.AddRange(["-map", "0:v:0?", "-map", "0:a:0?", "-c", "copy"]);
        }
        else
        {
            args.AddRange(["-map", "0:v:0?", "-map", "0:a:0?"]);
            args.AddRange(_encoder.OutputArguments(_options.Height));
            args.AddRange(["-b:v", "2500k", "-maxrate", "2500k", "-bufsize", "5000k", "-force_key_frames", $"expr:gte(t,n_forced*{seconds})", "-sc_threshold", "0"]);
            args.AddRange(["-c:a", "aac", "-b:a", "128k", "-ac", "2"]);
        }

        args.AddRange([
            "-f", "hls", "-hls_time", seconds, "-hls_list_size", _options.WindowSegments.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-hls_flags", "delete_segments+temp_file+independent_segments+omit_endlist",
            "-hls_delete_threshold", "2",
            "-hls_segment_filename", "%d.ts", PlaylistName,
        ]);
        return args;
    }
}
