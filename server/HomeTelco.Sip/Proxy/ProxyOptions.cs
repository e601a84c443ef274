namespace HomeTelco.Sip.Proxy;

/// <summary>How the proxy behaves where RFC 3261 leaves a choice. Defaults are the RFC's recommendations.</summary>
internal sealed record ProxyOptions
{
    /// <summary>Max-Forwards put on a request that had none (§16.6 step 3).</summary>
    public const int DefaultMaxForwards = 70;

    /// <summary>Timer C (§16.6 step 11): how long an INVITE branch may ring; "greater than 3 minutes".</summary>
    public TimeSpan TimerC { get; init; } = TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(1);

    /// <summary>Most phones one call rings at once; the registrar bounds contacts per extension too.</summary>
    public int MaxBranches { get; init; } = 10;
}
