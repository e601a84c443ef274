namespace HomeTelco.Sip.Location;

/// <summary>Limits and timings of the location service, fixed for the life of the process.</summary>
internal sealed record SipLocationOptions
{
    /// <summary>
    /// Bindings across all extensions. 1000 extensions (the box's limit) with 10 devices each fit; past it new
    /// registrations are refused with 503 rather than letting memory grow on a 512 MB router.
    /// </summary>
    public int MaxBindings { get; init; } = 10_000;

    /// <summary>How often expired bindings are swept from memory and the store (lookups skip them before that).</summary>
    public TimeSpan PurgeInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the writer gathers changes after the first one before writing them in one transaction: a burst of
    /// REGISTERs costs one disk write, and a refresh that lands twice in the window is written once.
    /// </summary>
    public TimeSpan WriteDelay { get; init; } = TimeSpan.FromMilliseconds(500);
}
