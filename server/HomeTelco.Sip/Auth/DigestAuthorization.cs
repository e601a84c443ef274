using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Syntax;

namespace HomeTelco.Sip.Auth;

/// The digest-response of an Authorization or Proxy-Authorization header, checked for shape (RFC 3261 §25.1,
/// RFC 7616 §3.4) before any user lookup or hashing.
internal sealed class DigestAuthorization
{
    private static readonly string[] Singletons = ["username", "realm", "nonce", "uri", "response", "algorithm", "cnonce", "opaque", "qop", "nc"];

    private DigestAuthorization(string username, string realm, string nonce, string uri, string response, DigestAlgorithm algorithm, string? qop, string? nc, long nonceCount, string? cnonce, string? opaque)
    {
        Username = username;
        Realm = realm;
        Nonce = nonce;
        Uri = uri;
        Response = response;
        Algorithm = algorithm;
        Qop = qop;
        Nc = nc;
        NonceCount = nonceCount;
        Cnonce = cnonce;
        Opaque = opaque;
    }

    public string Username { get; }

    public string Realm { get; }

    public string Nonce { get; }

    public string Uri { get; }

    /// Lower-cased so it compares byte for byte with the computed hex.
    public string Response { get; }

    public DigestAlgorithm Algorithm { get; }

    /// As sent (it enters the hash as sent); null for an RFC 2069 response.
    public string? Qop { get; }

    /// The 8 hex digits as sent (they enter the hash as sent).
    public string? Nc { get; }

    public long NonceCount { get; }

    public string? Cnonce { get; }

    public string? Opaque { get; }

    /// <see cref="DigestFailureReason.None"/> and the parsed value, or why the credentials cannot be used.
    public static DigestFailureReason TryRead(SipCredentials credentials, out DigestAuthorization? authorization)
    {
        authorization = null;
        if (!credentials.IsDigest || HasDuplicates(credentials.Parameters))
        {
            return DigestFailureReason.Malformed;
        }

        if (!DigestHash.TryParse(credentials.Get("algorithm"), out var algorithm))
        {
            return DigestFailureReason.UnsupportedAlgorithm;
        }

        var username = credentials.Get("username");
        var realm = credentials.Get("realm");
        var nonce = credentials.Get("nonce");
        var uri = credentials.Get("uri");
        var response = credentials.Get("response");

        // userhash (RFC 7616 §3.4.4) is not offered, so a hashed or RFC 5987-encoded username cannot be ours.
        if (username is null || realm is null || nonce is null || uri is null || response is null
            || credentials.Get("username*") is not null || IsTrue(credentials.Get("userhash"))
            || response.Length != DigestHash.HexLength(algorithm) || !DigestHash.IsHex(response))
        {
            return DigestFailureReason.Malformed;
        }

        var qop = credentials.Get("qop");
        var nc = credentials.Get("nc");
        var cnonce = credentials.Get("cnonce");
        long count = 0;
        if (qop is not null)
        {
            if (!string.Equals(qop, "auth", StringComparison.OrdinalIgnoreCase))
            {
                return DigestFailureReason.UnsupportedQop;
            }

            // nc = 8LHEX; cnonce is required with qop (RFC 7616 §3.4).
            if (nc is not { Length: 8 } || !DigestHash.IsHex(nc) || string.IsNullOrEmpty(cnonce))
            {
                return DigestFailureReason.Malformed;
            }

            count = Convert.ToInt64(nc, 16);
            if (count == 0)
            {
                return DigestFailureReason.Malformed;
            }
        }
        else if (nc is not null || cnonce is not null)
        {
            return DigestFailureReason.Malformed;
        }

        authorization = new DigestAuthorization(username, realm, nonce, uri, response.ToLowerInvariant(), algorithm, qop, nc, count, cnonce, credentials.Get("opaque"));
        return DigestFailureReason.None;
    }

    // Two values for the same parameter make it ambiguous which one a proxy on the path checked; refuse them.
    private static bool HasDuplicates(IReadOnlyList<SipParameter> parameters)
    {
        foreach (var name in Singletons)
        {
            var seen = 0;

            // Indexed, not foreach: the list comes as an interface, whose enumerator would be boxed ten times per request.
            for (var i = 0; i < parameters.Count; i++)
            {
                if (string.Equals(parameters[i].Name, name, StringComparison.OrdinalIgnoreCase) && ++seen > 1)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
