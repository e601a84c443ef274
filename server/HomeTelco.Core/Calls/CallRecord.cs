using LiteDB;

namespace HomeTelco.Core.Calls;

/// <summary>
/// One call attempt (an initial INVITE the box routed), stored in the <c>calls</c> collection. Written when the attempt
/// starts, again when it is answered or fails, and once more when it ends, each time as a whole snapshot.
/// </summary>
public sealed class CallRecord
{
    /// <summary>The record's own key (random), so later snapshots of the same attempt replace the earlier ones.</summary>
    public string Id { get; set; } = "";

    /// <summary>The SIP Call-ID of the attempt.</summary>
    public string CallId { get; set; } = "";

    /// <summary>The calling extension (the authenticated user), or the From user for callers from outside.</summary>
    public string CallerNumber { get; set; } = "";

    /// <summary>The display name the caller's phone sent, if any.</summary>
    public string CallerName { get; set; } = "";

    /// <summary>What was dialled: an extension number, or the whole URI for a destination outside the box.</summary>
    public string Callee { get; set; } = "";

    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When a phone picked up (the first 2xx); null for calls never answered.</summary>
    public DateTimeOffset? AnsweredAt { get; set; }

    /// <summary>When the call ended: the BYE of an answered call, the final response of one that failed.</summary>
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>Status code of the final response to the INVITE (200, 486, 487, 480, 404, 408...); 0 while still ringing.</summary>
    public int ResultCode { get; set; }

    /// <summary>Why it ended, in words (the reason phrase, or who hung up).</summary>
    public string Reason { get; set; } = "";

    /// <summary>Talk time of an answered call that has ended; null otherwise. Derived, so not stored.</summary>
    [BsonIgnore]
    public TimeSpan? Duration => AnsweredAt is { } answered && EndedAt is { } ended && ended >= answered ? ended - answered : null;
}
