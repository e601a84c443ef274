using System.Security.Cryptography;
using HomeTelco.Core.Extensions;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Auth;

/// <summary>
/// Digest authentication of requests against the box's extensions, for the registrar (401, RFC 3261 §22.2) and the
/// proxy (407, §22.3). Failures are reported to the guard, which bans sources that keep guessing. The challenge for
/// an unknown extension is the same as for a wrong password: nothing tells a scanner which numbers exist.
/// </summary>
internal sealed class SipAuthenticator
{
    /// <summary>
    /// What the box offers unless told otherwise: MD5 alone. Offering SHA-256 beside it (RFC 8760) locks phones out:
    /// libre-based clients such as Debian's baresip 1.0 abandon the whole exchange when any challenge names an
    /// algorithm they lack ("Register: Function not implemented"), and sipsak reads only the first challenge. Answers
    /// with either algorithm are verified, so turning SHA-256 on later needs no change to stored credentials.
    /// </summary>
    public static readonly IReadOnlyList<DigestAlgorithm> DefaultOffered = [DigestAlgorithm.Md5];

    private readonly ExtensionService _extensions;
    private readonly SipGuard _guard;
    private readonly TimeProvider _time;
    private readonly TimeSpan _nonceLifetime;
    private readonly IReadOnlyList<DigestAlgorithm> _offered;
    private volatile RealmDigest _digest;

    /// <param name="extensions">Where credentials come from.</param>
    /// <param name="guard">Told of failures and successes.</param>
    /// <param name="time">Clock for nonces.</param>
    /// <param name="nonceLifetime">How long a nonce is good for; 5 minutes when null.</param>
    /// <param name="offered">Challenge algorithms in order of preference; <see cref="DefaultOffered"/> when null.</param>
    public SipAuthenticator(ExtensionService extensions, SipGuard guard, TimeProvider time, TimeSpan? nonceLifetime = null, IReadOnlyList<DigestAlgorithm>? offered = null)
    {
        _extensions = extensions;
        _guard = guard;
        _time = time;
        _nonceLifetime = nonceLifetime ?? TimeSpan.FromMinutes(5);
        _offered = offered ?? DefaultOffered;
        _digest = CreateDigest(extensions.Realm);
    }

    public string Realm => Current.Realm;

    /// <summary>
    /// The digest state for the realm the extensions' HA1s are in now. A restore of another box's backup brings its
    /// realm along; challenges must follow at once, or no phone could register until a restart.
    /// </summary>
    private RealmDigest Current
    {
        get
        {
            var digest = _digest;
            var realm = _extensions.Realm;
            if (!string.Equals(digest.Realm, realm, StringComparison.Ordinal))
            {
                digest = CreateDigest(realm);
                _digest = digest;
            }

            return digest;
        }
    }

    /// <summary>
    /// The authenticated extension number, or null with <paramref name="challenge"/> set to the 401/407 to send
    /// (stale=true when the password was right but the nonce old).
    /// </summary>
    public string? Authenticate(SipMessage request, DigestRole role, SipEndPoint source, out SipMessage? challenge)
    {
        var result = Current.Verifier.Verify(request, role, Lookup);
        if (result.IsAuthenticated)
        {
            challenge = null;
            _guard.Authenticated(source, result.Username!);
            return result.Username;
        }

        // No credentials yet is the first leg of every exchange, not a failure.
        if (result.Outcome == DigestOutcome.Failed && result.Reason != DigestFailureReason.NoCredentials)
        {
            _guard.AuthenticationFailed(source, result.Username);
        }

        challenge = Challenge(request, role, stale: result.Outcome == DigestOutcome.Stale);
        return null;
    }

    /// <summary>A 401 or 407 for <paramref name="request"/> with one challenge per algorithm.</summary>
    public SipMessage Challenge(SipMessage request, DigestRole role, bool stale)
    {
        var response = SipResponseBuilder.CreateResponse(request, role.ChallengeStatusCode());
        Current.Challenges.AddTo(response, role, stale);
        return response;
    }

    // A fresh secret per start (and per realm): nonces from before a restart are simply re-challenged, and the replay
    // table, which lives in memory, never has to vouch for a nonce it did not see issued.
    private RealmDigest CreateDigest(string realm)
    {
        var options = new DigestOptions { Realm = realm, NonceLifetime = _nonceLifetime };
        var nonces = new DigestNonces(RandomNumberGenerator.GetBytes(DigestNonces.SecretLength), realm, options.NonceLifetime, _time);
        var verifier = new DigestVerifier(options, nonces, new DigestReplayTable(options.ReplayCapacity, options.NonceLifetime, _time));
        return new RealmDigest(realm, verifier, new DigestChallengeBuilder(realm, nonces, _offered));
    }

    private DigestSecret? Lookup(string username, string realm, DigestAlgorithm algorithm)
    {
        var credentials = _extensions.FindCredentials(username);
        if (credentials is null || !string.Equals(credentials.Realm, realm, StringComparison.Ordinal))
        {
            return null;
        }

        return DigestSecret.FromHa1(algorithm == DigestAlgorithm.Sha256 ? credentials.Ha1Sha256 : credentials.Ha1Md5);
    }

    private sealed record RealmDigest(string Realm, DigestVerifier Verifier, DigestChallengeBuilder Challenges);
}
