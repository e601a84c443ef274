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
    private readonly DigestVerifier _verifier;
    private readonly DigestChallengeBuilder _challenges;

    /// <param name="extensions">Where credentials come from.</param>
    /// <param name="guard">Told of failures and successes.</param>
    /// <param name="time">Clock for nonces.</param>
    /// <param name="nonceLifetime">How long a nonce is good for; 5 minutes when null.</param>
    /// <param name="offered">Challenge algorithms in order of preference; <see cref="DefaultOffered"/> when null.</param>
    public SipAuthenticator(ExtensionService extensions, SipGuard guard, TimeProvider time, TimeSpan? nonceLifetime = null, IReadOnlyList<DigestAlgorithm>? offered = null)
    {
        _extensions = extensions;
        _guard = guard;
        var options = new DigestOptions { Realm = extensions.Realm, NonceLifetime = nonceLifetime ?? TimeSpan.FromMinutes(5) };

        // A fresh secret per start: nonces from before a restart are simply re-challenged, and the replay table,
        // which lives in memory, never has to vouch for a nonce it did not see issued.
        var nonces = new DigestNonces(RandomNumberGenerator.GetBytes(DigestNonces.SecretLength), options.Realm, options.NonceLifetime, time);
        _verifier = new DigestVerifier(options, nonces, new DigestReplayTable(options.ReplayCapacity, options.NonceLifetime, time));
        _challenges = new DigestChallengeBuilder(options.Realm, nonces, offered ?? DefaultOffered);
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
