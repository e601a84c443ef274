namespace HomeTelco.Host.Observability;

/// <summary>
/// Counts HTTP requests by status class for /metrics, and the requests people make for the page release
/// (<see cref="Composition.StartupPageRelease"/>), without allocating per request.
/// </summary>
internal sealed class RequestCounter
{
    private long _total;
    private long _clientErrors;
    private long _serverErrors;
    private long _used;

    public long Total => Interlocked.Read(ref _total);

    public long ClientErrors => Interlocked.Read(ref _clientErrors);

    public long ServerErrors => Interlocked.Read(ref _serverErrors);

    /// <summary>
    /// Requests a person or an app made (the portal, the API), counted as they start; the polls supervisors repeat
    /// all day (/healthz, /metrics) are left out: they are part of the idle box's steady work.
    /// </summary>
    public long Used => Interlocked.Read(ref _used);

    public void Started(PathString path)
    {
        if (!path.StartsWithSegments("/healthz", StringComparison.OrdinalIgnoreCase) && !path.StartsWithSegments("/metrics", StringComparison.OrdinalIgnoreCase))
        {
            Interlocked.Increment(ref _used);
        }
    }

    public void Record(int status)
    {
        Interlocked.Increment(ref _total);
        if (status >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
        }
        else if (status >= 400)
        {
            Interlocked.Increment(ref _clientErrors);
        }
    }
}
