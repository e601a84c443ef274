namespace HomeTelco.Media.Streaming;

/// <summary>Settings of the HLS engine; the defaults suit a home box.</summary>
public sealed record StreamingOptions
{
    /// <summary>ffmpeg executable (a name looked up on PATH, or a full path).</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>Folder under which each session gets its own temporary folder.</summary>
    public required string WorkDir { get; init; }

    /// <summary>Length of a VOD segment; keyframes are forced on these boundaries.</summary>
    public TimeSpan SegmentLength { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>A session with no request for this long is stopped and its files deleted.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a segment request waits for the encoder before giving up.</summary>
    public TimeSpan SegmentWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>The encoder is paused when it is this many segments ahead of the last request.</summary>
    public int ThrottleAhead { get; init; } = 6;

    /// <summary>A request this many segments past what the encoder has made restarts it at the request.</summary>
    public int RestartDistance { get; init; } = 3;

    /// <summary>Remux (copy) sessions allowed at once on a profile that allows no transcodes.</summary>
    public int MaxCopySessions { get; init; } = 2;

    /// <summary>How often abandoned sessions are looked for and throttling is checked.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(2);
}
