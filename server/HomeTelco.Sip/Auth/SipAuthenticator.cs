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
    /// MD5 first, then SHA-256: clients that read only the first challenge (sipsak, and older phones) know MD5 and
    /// would give up on a SHA-256 one, while clients that know both still find SHA-256. RFC 8760 §2.4 leaves the
    /// order to the server's preference, and the box prefers phones that register. Both are verified either way.
    /// </summary>
    private static readonly DigestAlgorithm[] BoxPreference = [DigestAlgorithm.Md5, DigestAlgorithm.Sha256];

    private readonly ExtensionService _extensions;
    private readonly SipGuard _guard;
    private readonly DigestVerifier _verifier;
    private readonly DigestChallengeBuilder _challenges;

    public SipAuthenticator(ExtensionService extensions, SipGuard guard, TimeProvider time, TimeSpan? nonceLifetime = null)
    {
        _extensions = extensions;
        _guard = guard;
        var options = new DigestOptions { Realm = extensions.Realm, NonceLifetime = nonceLifetime ?? TimeSpan.FromMinutes(5) };

        // A fresh secret per start: nonces from before a restart are simply re-challenged, and the replay table,
        // which lives in memory, never has to vouch for a nonce it did not see issued.
        var nonces = new DigestNonces(RandomNumberGenerator.GetBytes(DigestNonces.SecretLength), options.Realm, options.NonceLifetime, time);
        _verifier = new DigestVerifier(options, nonces, new DigestReplayTable(options.ReplayCapacity, options.NonceLifetime, time));
        _challenges = new DigestChallengeBuilder(options.Realm, nonces, BoxPreference);
        Realm = options.Realm;
    }

    public string Realm { get; }

    /// <summary>
    /// The authenticated extension number, or null with <paramref name="challenge"/> set to the 401/407 to send
    /// (stale=true when the password was right but the nonce old).
    /// </summary>
    public string? Authenticate(SipMessage request, DigestRole role, SipEndPoint source, out SipMessage? challenge)
    {
        var result = _verifier.Verify(request, role, Lookup);
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
        _challenges.AddTo(response, role, stale);
        return response;
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
}
