using HomeTelco.Core.Calls;

namespace HomeTelco.Host.Api;

/// <summary>The call log: recent call attempts, newest first, for every signed-in user (like a phone's recent calls).</summary>
internal static class CallEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var calls = api.MapGroup("/calls").WithTags("Calls");

        // ?limit=1..500 (default 50) and ?before=<startedAt of the last call seen> to page back.
        calls.MapGet("/", (int? limit, DateTimeOffset? before, CallRecordService service) =>
            service.List(limit ?? 50, before).Select(CallView.From));
    }

    internal sealed record CallView(
        string Id,
        string CallId,
        string CallerNumber,
        string CallerName,
        string Callee,
        DateTimeOffset StartedAt,
        DateTimeOffset? AnsweredAt,
        DateTimeOffset? EndedAt,
        int ResultCode,
        string Reason,
        double? DurationSeconds)
    {
        public static CallView From(CallRecord r) =>
            new(r.Id, r.CallId, r.CallerNumber, r.CallerName, r.Callee, r.StartedAt, r.AnsweredAt, r.EndedAt, r.ResultCode, r.Reason, r.Duration?.TotalSeconds);
    }
}
