using System.Security.Cryptography;
using System.Text;
using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Auth;

/// Checks Authorization / Proxy-Authorization digest credentials (RFC 3261 §22, RFC 7616, RFC 8760). Thread-safe.
internal sealed class DigestVerifier
{
    private readonly DigestOptions _options;
    private readonly DigestNonces _nonces;
    private readonly DigestReplayTable _replays;

    // An unknown user is checked against this instead of a stored secret, so that the work done, and the answer, are
    // those of a wrong password: the 401/407 must not tell a scanner which extensions exist.
    private readonly string _dummyPassword = Convert.ToBase64String(RandomNumberGenerator.GetBytes(24));

    public DigestVerifier(DigestOptions options, DigestNonces nonces, DigestReplayTable replays)
    {
        _options = options;
        _nonces = nonces;
        _replays = replays;
    }

    /// Checks the request's credentials for our realm in the header the role reads.
    public DigestVerification Verify(SipMessage request, DigestRole role, DigestSecretLookup lookup)
    {
        var all = request.GetCredentials(role.CredentialsHeader());
        if (!all.IsSuccess)
        {
            return DigestVerification.Failed(DigestFailureReason.Malformed);
        }

        // A request may carry credentials for several realms (one per proxy on the path, RFC 3261 §22.3).
        SipCredentials? ours = null;
        foreach (var credentials in all.Value)
        {
            if (credentials.IsDigest && string.Equals(credentials.Get("realm"), _options.Realm, StringComparison.Ordinal))
            {
                if (ours is not null)
                {
                    return DigestVerification.Failed(DigestFailureReason.Malformed);
                }

                ours = credentials;
            }
        }

        if (ours is null)
        {
            return DigestVerification.Failed(all.Value.Count == 0 ? DigestFailureReason.NoCredentials : DigestFailureReason.RealmMismatch);
        }

        return Verify(request.Method, Encoding.UTF8.GetString(request.RawRequestUri.Span), ours, lookup);
    }

    /// Checks one set of credentials against <paramref name="method"/> and the Request-URI as received.
    public DigestVerification Verify(string method, string requestUri, SipCredentials credentials, DigestSecretLookup lookup)
    {
        var reason = DigestAuthorization.TryRead(credentials, out var auth);
        if (auth is null)
        {
            return DigestVerification.Failed(reason, credentials.Get("username"));
        }

        var user = auth.Username;
        if (auth.Qop is null && !_options.AllowNoQop)
        {
            return DigestVerification.Failed(DigestFailureReason.QopRequired, user);
        }

        if (!string.Equals(auth.Realm, _options.Realm, StringComparison.Ordinal))
        {
            return DigestVerification.Failed(DigestFailureReason.RealmMismatch, user);
        }

        // RFC 7616 §3.4.6: otherwise a response captured for one target could be replayed against another.
        if (!UriMatches(auth.Uri, requestUri))
        {
            return DigestVerification.Failed(DigestFailureReason.UriMismatch, user);
        }

        // Some old phones omit opaque; it protects nothing the signed nonce does not, so only a wrong one is refused.
        if (auth.Opaque is not null && !string.Equals(auth.Opaque, _nonces.Opaque, StringComparison.Ordinal))
        {
            return DigestVerification.Failed(DigestFailureReason.OpaqueMismatch, user);
        }

        var nonce = _nonces.Check(auth.Nonce);
        if (nonce.Status == DigestNonceStatus.Invalid)
        {
            return DigestVerification.Failed(DigestFailureReason.InvalidNonce, user);
        }

        if (!ResponseMatches(auth, method, lookup, out var known))
        {
            return DigestVerification.Failed(known ? DigestFailureReason.WrongPassword : DigestFailureReason.UnknownUser, user);
        }

        if (nonce.Status == DigestNonceStatus.Expired)
        {
            return DigestVerification.Stale(user);
        }

        if (auth.Qop is null)
        {
            // RFC 2069 has no nonce-count: a replay within the nonce lifetime cannot be told from a retry. That is
            // the price of AllowNoQop.
            return DigestVerification.Authenticated(user);
        }

        return _replays.TryAccept(auth.Nonce, nonce.IssuedAtMs, auth.NonceCount) switch
        {
            DigestReplayStatus.Accepted => DigestVerification.Authenticated(user),
            DigestReplayStatus.Forgotten => DigestVerification.Stale(user),
            _ => DigestVerification.Failed(DigestFailureReason.Replayed, user),
        };
    }

    private bool ResponseMatches(DigestAuthorization auth, string method, DigestSecretLookup lookup, out bool known)
    {
        var secret = lookup(auth.Username, _options.Realm, auth.Algorithm);
        known = secret is not null && (!secret.IsHa1 || IsHa1For(secret.Value, auth.Algorithm));

        // Every path hashes one HA1 and one response, whether the store gave a password, an HA1 or nothing, so the
        // time taken does not tell the three apart.
        var password = known && !secret!.IsHa1 ? secret.Value : _dummyPassword;
        Span<byte> ha1 = stackalloc byte[DigestHash.MaxHexLength];
        var ha1Length = DigestHash.Ha1(auth.Algorithm, auth.Username, _options.Realm, password, ha1);
        if (known && secret!.IsHa1)
        {
            // IsHa1For checked it is hex of this algorithm's length, so it fits.
            ha1Length = Encoding.ASCII.GetBytes(secret.Value, ha1);
        }

        Span<byte> expected = stackalloc byte[DigestHash.MaxHexLength];
        var expectedLength = DigestHash.Response(auth.Algorithm, ha1[..ha1Length], auth.Nonce, method, auth.Uri, auth.Qop, auth.Nc, auth.Cnonce, expected);

        // Both are ASCII hex of the algorithm's length (the reader checked the client's), so bytes compare as text.
        Span<byte> given = stackalloc byte[DigestHash.MaxHexLength];
        var givenLength = auth.Response.Length <= given.Length ? Encoding.ASCII.GetBytes(auth.Response, given) : 0;
        var matches = CryptographicOperations.FixedTimeEquals(expected[..expectedLength], given[..givenLength]);
        return matches && known;
    }

    private static bool IsHa1For(string ha1, DigestAlgorithm algorithm) =>
        ha1.Length == DigestHash.HexLength(algorithm) && ha1.All(char.IsAsciiHexDigit);

    // Byte-equal first (the normal case); otherwise the RFC 3261 §19.1.4 equivalence, which tolerates a client that
    // changed host case or parameter order between its digest-uri and its Request-URI.
    private static bool UriMatches(string digestUri, string requestUri)
    {
        if (string.Equals(digestUri, requestUri, StringComparison.Ordinal))
        {
            return true;
        }

        var a = SipUriParser.Parse(Encoding.UTF8.GetBytes(digestUri));
        var b = SipUriParser.Parse(Encoding.UTF8.GetBytes(requestUri));
        return a.IsSuccess && b.IsSuccess && a.Value.IsEquivalentTo(b.Value);
    }
}
