namespace HomeTelco.Sip.Parsing;

/// Bounds that keep a hostile peer from making the parser hold or scan unbounded input.
internal sealed record SipParserLimits
{
    public static SipParserLimits Default { get; } = new();

    /// Start line, headers and body together. 64 KiB is the UDP ceiling, ample for SIP over streams too.
    public int MaxMessageSize { get; init; } = 65535;

    public int MaxHeaderCount { get; init; } = 200;

    /// One header field including its folded continuation lines.
    public int MaxHeaderLineLength { get; init; } = 8192;

    public int MaxUriLength { get; init; } = 4096;
}
