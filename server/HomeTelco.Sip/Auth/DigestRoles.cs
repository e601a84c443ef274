using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Auth;

internal static class DigestRoles
{
    public static int ChallengeStatusCode(this DigestRole role) => role == DigestRole.Proxy ? 407 : 401;

    public static SipHeaderKind ChallengeHeader(this DigestRole role) =>
        role == DigestRole.Proxy ? SipHeaderKind.ProxyAuthenticate : SipHeaderKind.WwwAuthenticate;

    public static SipHeaderKind CredentialsHeader(this DigestRole role) =>
        role == DigestRole.Proxy ? SipHeaderKind.ProxyAuthorization : SipHeaderKind.Authorization;

    public static string ChallengeHeaderName(this DigestRole role) =>
        role == DigestRole.Proxy ? "Proxy-Authenticate" : "WWW-Authenticate";
}
