using System.Text;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Auth;

/// Writes the challenge header values: one per algorithm, SHA-256 first as RFC 8760 §2.4 asks, so a client that
/// knows SHA-256 picks it and one that knows only MD5 (sipsak, older phones) still finds its challenge. Both carry the
/// same nonce: the nonce does not depend on the algorithm.
internal sealed class DigestChallengeBuilder
{
    private static readonly DigestAlgorithm[] Offered = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    private readonly string _realm;
    private readonly DigestNonces _nonces;

    public DigestChallengeBuilder(string realm, DigestNonces nonces)
    {
        _realm = realm;
        _nonces = nonces;
    }

    /// Header values, each a separate header field: RFC 3261 §7.3.1 forbids folding challenges into one with commas.
    public IReadOnlyList<string> Build(bool stale)
    {
        var nonce = _nonces.Create();
        var values = new string[Offered.Length];
        for (var i = 0; i < Offered.Length; i++)
        {
            values[i] = Format(_realm, nonce, _nonces.Opaque, Offered[i], stale);
        }

        return values;
    }

    /// Adds the challenges to a 401 or 407 response built for the request.
    public void AddTo(SipMessage response, DigestRole role, bool stale)
    {
        foreach (var value in Build(stale))
        {
            response.Headers.Add(role.ChallengeHeaderName(), value);
        }
    }

    internal static string Format(string realm, string nonce, string opaque, DigestAlgorithm algorithm, bool stale)
    {
        // algorithm and stale are tokens; RFC 7616 §3.3 says not to quote algorithm. qop is a quoted list.
        var builder = new StringBuilder(192)
            .Append("Digest realm=").Append(Quote(realm))
            .Append(", nonce=\"").Append(nonce).Append('"')
            .Append(", opaque=\"").Append(opaque).Append('"')
            .Append(", algorithm=").Append(DigestHash.Name(algorithm))
            .Append(", qop=\"auth\"");
        if (stale)
        {
            builder.Append(", stale=true");
        }

        return builder.ToString();
    }

    private static string Quote(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c is '"' or '\\')
            {
                builder.Append('\\');
            }

            builder.Append(c);
        }

        return builder.Append('"').ToString();
    }
}
