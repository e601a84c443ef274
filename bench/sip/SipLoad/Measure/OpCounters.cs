using System.Collections.Concurrent;

namespace SipLoad.Measure;

/// <summary>What happened to the operations started during one step (a fresh instance per step).</summary>
internal sealed class OpCounters
{
    private long _started;
    private long _completed;
    private long _failed;
    private long _timedOut;
    private long _skipped;
    private long _rechallenged;
    private long _overloaded;
    private string? _firstFailure;
    private readonly ConcurrentDictionary<string, long> _reasons = new(StringComparer.Ordinal);

    public OpCounters(TimeSpan timeout)
    {
        Latency = new LatencyHistogram(timeout);
        Teardown = new LatencyHistogram(timeout);
    }

    /// <summary>The operation's main latency: REGISTER sent → 200, or first INVITE sent → 200.</summary>
    public LatencyHistogram Latency { get; }

    /// <summary>Calls only: BYE sent → 200.</summary>
    public LatencyHistogram Teardown { get; }

    public long Started => Interlocked.Read(ref _started);

    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Answered with an error, or a send failed.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    public long TimedOut => Interlocked.Read(ref _timedOut);

    /// <summary>Due by the schedule but every phone still had an operation in flight: the target is not keeping up.</summary>
    public long Skipped => Interlocked.Read(ref _skipped);

    /// <summary>Credentials answered with a new challenge (stale nonce, nc past the server's limit).</summary>
    public long Rechallenged => Interlocked.Read(ref _rechallenged);

    /// <summary>Of the failed, those answered 503: the target shedding load, not refusing the operation.</summary>
    public long Overloaded => Interlocked.Read(ref _overloaded);

    public long Unsuccessful => Failed + TimedOut + Skipped;

    public string? FirstFailure => Volatile.Read(ref _firstFailure);

    /// <summary>"reason ×count" for every kind of failure and timeout, most frequent first.</summary>
    public string Reasons() =>
        string.Join(", ", _reasons.OrderByDescending(r => r.Value).Select(r => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Key} ×{r.Value}")));

    public void OnStarted() => Interlocked.Increment(ref _started);

    public void OnCompleted() => Interlocked.Increment(ref _completed);

    public void OnSkipped() => Interlocked.Increment(ref _skipped);

    public void OnRechallenged() => Interlocked.Increment(ref _rechallenged);

    public void OnTimedOut(string what)
    {
        Interlocked.Increment(ref _timedOut);
        Interlocked.CompareExchange(ref _firstFailure, what, null);
        _reasons.AddOrUpdate(what, 1, (_, n) => n + 1);
    }

    public void OnFailed(string why, int status = 0)
    {
        Interlocked.Increment(ref _failed);
        if (status == 503)
        {
            Interlocked.Increment(ref _overloaded);
        }

        Interlocked.CompareExchange(ref _firstFailure, why, null);
        _reasons.AddOrUpdate(why, 1, (_, n) => n + 1);
    }
}
