namespace HomeTelco.Sip.Auth;

/// The result of checking one request's credentials.
internal readonly record struct DigestVerification(DigestOutcome Outcome, string? Username, DigestFailureReason Reason)
{
    public bool IsAuthenticated => Outcome == DigestOutcome.Authenticated;

    public static DigestVerification Authenticated(string username) => new(DigestOutcome.Authenticated, username, DigestFailureReason.None);

    public static DigestVerification Stale(string username) => new(DigestOutcome.Stale, username, DigestFailureReason.None);

    /// <paramref name="username"/> is what the client claimed, for logs; it is not authenticated.
    public static DigestVerification Failed(DigestFailureReason reason, string? username = null) => new(DigestOutcome.Failed, username, reason);
}
