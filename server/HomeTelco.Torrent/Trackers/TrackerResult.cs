namespace HomeTelco.Torrent.Trackers;

/// <summary>The outcome of one exchange with one tracker: a value, or a failure with a reason for the logs and the portal.</summary>
internal sealed class TrackerResult<T>
    where T : class
{
    private TrackerResult(T? value, TrackerFailureKind failure, string? reason)
    {
        Value = value;
        Failure = failure;
        Reason = reason;
    }

    public T? Value { get; }

    /// <summary>Meaningful only when <see cref="Value"/> is null.</summary>
    public TrackerFailureKind Failure { get; }

    /// <summary>Human-readable cause (the tracker's own words when it refused).</summary>
    public string? Reason { get; }

    public bool Succeeded => Value is not null;

    public static TrackerResult<T> Success(T value) => new(value, default, null);

    public static TrackerResult<T> Fail(TrackerFailureKind kind, string reason) => new(null, kind, reason);
}
