namespace HomeTelco.Torrent.WebSeeds;

/// <summary>A web seed request that failed in a way that counts against the seed (bad status, bad response, short body).</summary>
internal sealed class WebSeedException : Exception
{
    public WebSeedException()
    {
    }

    public WebSeedException(string message)
        : base(message)
    {
    }

    public WebSeedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public WebSeedException(string message, TimeSpan? retryAfter)
        : base(message)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long the server asked us to wait (a 503's Retry-After), if it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
