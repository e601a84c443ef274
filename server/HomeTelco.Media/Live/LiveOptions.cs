using HomeTelco.Media.Streaming;

namespace HomeTelco.Media.Live;

/// <summary>Settings of live channels.</summary>
public sealed record LiveOptions
{
    /// <summary>ffmpeg path and work folder are shared with VOD streaming.</summary>
    public required StreamingOptions Streaming { get; init; }

    /// <summary>Live segment length.</summary>
    public TimeSpan SegmentLength { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Segments kept in the sliding window.</summary>
    public int WindowSegments { get; init; } = 6;

    /// <summary>A viewer who has fetched nothing for this long has left.</summary>
    public TimeSpan ViewerTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the first playlist request waits for the first segment.</summary>
    public TimeSpan StartWait { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Video height of transcoded live channels.</summary>
    public int Height { get; init; } = 720;

    /// <summary>Viewers tracked per channel (a bound on the table, not on who may watch).</summary>
    public int MaxViewersPerChannel { get; init; } = 64;
}
