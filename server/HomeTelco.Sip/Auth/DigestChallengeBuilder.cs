using System.Text;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Auth;

/// Writes the challenge header values: one per algorithm in the server's order of preference (RFC 8760 §2.4; a client
/// answers the first it supports, and some clients read only the first). All carry the same nonce: the nonce does not
/// depend on the algorithm.
internal sealed class DigestChallengeBuilder
{
    private static readonly DigestAlgorithm[] StrongestFirst = [DigestAlgorithm.Sha256, DigestAlgorithm.Md5];

    private readonly string _realm;
    private readonly DigestNonces _nonces;
    private readonly IReadOnlyList<DigestAlgorithm> _offered;

    /// <param name="realm">The realm of every challenge.</param>
    /// <param name="nonces">Where nonces come from.</param>
    /// <param name="offered">Algorithms in the server's order of preference (RFC 8760 §2.4); SHA-256 then MD5 when null.</param>
    public DigestChallengeBuilder(string realm, DigestNonces nonces, IReadOnlyList<DigestAlgorithm>? offered = null)
    {
        _realm = realm;
        _nonces = nonces;
        _offered = offered ?? StrongestFirst;
    }

    /// Header values, each a separate header field: RFC 3261 §7.3.1 forbids folding challenges into one with commas.
    public IReadOnlyList<string> Build(bool stale)
    {
        var nonce = _nonces.Create();
        var values = new string[_offered.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Format(_realm, nonce, _nonces.Opaque, _offered[i], stale);
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
