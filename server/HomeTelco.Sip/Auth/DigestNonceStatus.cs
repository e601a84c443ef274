namespace HomeTelco.Sip.Auth;

internal enum DigestNonceStatus
{
    /// Ours, for this realm, within its lifetime.
    Valid,

    /// Ours, for this realm, but too old (or from before the clock went back): worth a stale=true re-challenge.
    Expired,

    /// Not a nonce this box issued with this secret for this realm.
    Invalid,
}
