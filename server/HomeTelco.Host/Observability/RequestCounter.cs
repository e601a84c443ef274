namespace HomeTelco.Host.Observability;

/// <summary>Counts HTTP requests by status class for /metrics without allocating per request.</summary>
internal sealed class RequestCounter
{
    private long _total;
    private long _clientErrors;
    private long _serverErrors;

    public long Total => Interlocked.Read(ref _total);

    public long ClientErrors => Interlocked.Read(ref _clientErrors);

    public long ServerErrors => Interlocked.Read(ref _serverErrors);

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
