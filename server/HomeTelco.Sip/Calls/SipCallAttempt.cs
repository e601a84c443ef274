using HomeTelco.Core.Calls;

namespace HomeTelco.Sip.Calls;

/// <summary>
/// The live state of one call attempt, changed by the proxy under the transaction lock. Each change is saved as a fresh
/// <see cref="CallRecord"/> snapshot, so the writer never reads an object the proxy is still changing.
/// </summary>
internal sealed class SipCallAttempt(string id, string callId, string callerNumber, string callerName, string callee, DateTimeOffset startedAt)
{
    public string Id { get; } = id;

    public string CallId { get; } = callId;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset? AnsweredAt { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public int ResultCode { get; set; }

    public string Reason { get; set; } = "";

    public CallRecord Snapshot() => new()
    {
        Id = Id,
        CallId = CallId,
        CallerNumber = callerNumber,
        CallerName = callerName,
        Callee = callee,
        StartedAt = StartedAt,
        AnsweredAt = AnsweredAt,
        EndedAt = EndedAt,
        ResultCode = ResultCode,
        Reason = Reason,
    };
}
