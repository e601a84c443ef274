namespace HomeTelco.Media.Streaming;

/// <summary>A stream that cannot be served, with a reason a person can act on.</summary>
public sealed class StreamingException : Exception
{
    public StreamingException()
    {
    }

    public StreamingException(string message)
        : base(message)
    {
    }

    public StreamingException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StreamingException(StreamingFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    /// <summary>What kind of failure; the host maps it to an HTTP status.</summary>
    public StreamingFailure Failure { get; }
}

/// <summary>Kinds of streaming failure.</summary>
public enum StreamingFailure
{
    /// <summary>The source cannot be streamed on this box (e.g. needs transcoding on a copy-only profile): 415/422.</summary>
    Unsupported,

    /// <summary>The request names a variant or segment that does not exist: 404.</summary>
    NotFound,

    /// <summary>All transcode or tuner slots are taken: 503.</summary>
    Busy,

    /// <summary>ffmpeg failed or did not produce the segment in time: 502/504; a retry may work.</summary>
    EncoderFailed,
}
