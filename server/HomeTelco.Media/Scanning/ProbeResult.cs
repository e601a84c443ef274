namespace HomeTelco.Media.Scanning;

/// <summary>What ffprobe reported about one file, or why it could not say.</summary>
internal sealed record ProbeResult
{
    /// <summary>Why the file is not playable media (ffprobe's error, a timeout, no streams); null when probed.</summary>
    public string? Problem { get; init; }

    public string? FormatName { get; init; }

    public double DurationSeconds { get; init; }

    public long Bitrate { get; init; }

    /// <summary>Container tags merged with the main streams' tags, keys lower case.</summary>
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<ProbeStream> Streams { get; init; } = [];

    /// <summary>The main video stream: the first video stream that is not a cover picture.</summary>
    public ProbeStream? Video => Streams.FirstOrDefault(s => s.Type == "video" && !s.IsAttachedPicture);

    public ProbeStream? Audio => Streams.FirstOrDefault(s => s.Type == "audio");

    public ProbeStream? Cover => Streams.FirstOrDefault(s => s.IsAttachedPicture);

    public static ProbeResult Failed(string problem) => new() { Problem = problem };
}

/// <summary>One stream of a probed file.</summary>
internal sealed record ProbeStream(
    int Index,
    string Type,
    string? Codec,
    int Width,
    int Height,
    long Bitrate,
    double FrameRate,
    string? PixelFormat,
    int Channels,
    bool IsAttachedPicture);
