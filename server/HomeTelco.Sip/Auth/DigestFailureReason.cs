namespace HomeTelco.Sip.Auth;

/// Why credentials were refused, for logs only: the response on the wire is the same challenge whatever the reason, so
/// that an attacker learns nothing (in particular not whether an extension exists).
internal enum DigestFailureReason
{
    None,
    NoCredentials,
    Malformed,
    UnsupportedAlgorithm,
    UnsupportedQop,
    QopRequired,
    RealmMismatch,
    UriMismatch,
    OpaqueMismatch,
    InvalidNonce,
    UnknownUser,
    WrongPassword,
    Replayed,
}
