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

    // An unknown user is checked against a random HA1 instead of a stored one, so that the work done, and the answer,
    // are those of a wrong password: the 401/407 must not tell a scanner which extensions exist.
    private readonly byte[] _dummyHa1Md5 = RandomHa1(DigestAlgorithm.Md5);
    private readonly byte[] _dummyHa1Sha256 = RandomHa1(DigestAlgorithm.Sha256);

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

        // A nonce in use (phones re-register with it, nc counting up) was checked when first accepted: its MAC, an
        // HMAC per REGISTER, is then not computed again; its age still is.
        var nonce = _replays.TryGetIssuedAt(auth.Nonce, out var issuedAtMs) ? _nonces.CheckAge(issuedAtMs) : _nonces.Check(auth.Nonce);
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

        // Known or not, one response is hashed against an HA1 of the right length, so the time taken does not tell a
        // user from a stranger. The store keeps HA1s; a password (tests, tools) costs one hash more.
        Span<byte> ha1 = stackalloc byte[DigestHash.MaxHexLength];
        int ha1Length;
        if (!known)
        {
            var dummy = auth.Algorithm == DigestAlgorithm.Sha256 ? _dummyHa1Sha256 : _dummyHa1Md5;
            dummy.CopyTo(ha1);
            ha1Length = dummy.Length;
        }
        else if (secret!.IsHa1)
        {
            // IsHa1For checked it is hex of this algorithm's length, so it fits.
            ha1Length = Encoding.ASCII.GetBytes(secret.Value, ha1);
        }
        else
        {
            ha1Length = DigestHash.Ha1(auth.Algorithm, auth.Username, _options.Realm, secret.Value, ha1);
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
        ha1.Length == DigestHash.HexLength(algorithm) && DigestHash.IsHex(ha1);

    private static byte[] RandomHa1(DigestAlgorithm algorithm) =>
        Encoding.ASCII.GetBytes(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(DigestHash.HexLength(algorithm) / 2)));

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
