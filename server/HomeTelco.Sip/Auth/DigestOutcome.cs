namespace HomeTelco.Sip.Auth;

internal enum DigestOutcome
{
    /// The credentials are right and fresh: serve the request as the user.
    Authenticated,

    /// The credentials are right but the nonce is too old (or its replay history was evicted): re-challenge with
    /// stale=true so the client retries with the same password without asking the user (RFC 7616 §3.3).
    Stale,

    /// Re-challenge without stale; <see cref="DigestVerification.Reason"/> says why, for logs only.
    Failed,
}
