namespace HomeTelco.Sip.Engine;

/// <summary>What the SIP engine has seen, for the dashboard tile and /metrics. Lock-free counters.</summary>
internal sealed class SipCounters
{
    private long _requests;
    private long _responses;
    private long _badMessages;
    private long _ignored;

    public long Requests => Interlocked.Read(ref _requests);

    public long Responses => Interlocked.Read(ref _responses);

    public long BadMessages => Interlocked.Read(ref _badMessages);

    /// <summary>Messages from sources the guard does not hear (banned or over their rate).</summary>
    public long IgnoredMessages => Interlocked.Read(ref _ignored);

    public void Request() => Interlocked.Increment(ref _requests);

    public void Response() => Interlocked.Increment(ref _responses);

    public void BadMessage() => Interlocked.Increment(ref _badMessages);

    public void Ignored() => Interlocked.Increment(ref _ignored);
}
