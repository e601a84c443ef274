namespace HomeTelco.Sip.Auth;

/// Who challenges: the registrar answers 401 with WWW-Authenticate and reads Authorization; a proxy answers 407 with
/// Proxy-Authenticate and reads Proxy-Authorization (RFC 3261 §22.2, §22.3).
internal enum DigestRole
{
    Registrar,
    Proxy,
}
