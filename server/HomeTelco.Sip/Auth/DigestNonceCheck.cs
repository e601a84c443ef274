namespace HomeTelco.Sip.Auth;

/// The verdict on a nonce and, when it is ours, when it was issued (Unix milliseconds).
internal readonly record struct DigestNonceCheck(DigestNonceStatus Status, long IssuedAtMs);
