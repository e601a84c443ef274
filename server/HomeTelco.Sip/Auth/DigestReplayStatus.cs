namespace HomeTelco.Sip.Auth;

internal enum DigestReplayStatus
{
    /// The nc is higher than any seen for the nonce; it is now the highest.
    Accepted,

    /// The nc was seen before, or a higher one was: a replayed or reordered request.
    Replayed,

    /// The table may have evicted this nonce to stay bounded, so its history is unknown: re-challenge (stale=true)
    /// rather than accept an nc that might be a replay.
    Forgotten,
}
