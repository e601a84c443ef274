using System.Text;
using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Parsing;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Auth;

public sealed class DigestVerifierTests
{
    private const string Realm = "home.example";
    private const string RequestUri = "sip:home.example";
    private const string Password = "s3cret pass";

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly byte[] _secret = Enumerable.Range(100, 32).Select(i => (byte)i).ToArray();

    private DigestNonces NewNonces() => new(_secret, Realm, TimeSpan.FromMinutes(5), _time);

    private DigestVerifier NewVerifier(bool allowNoQop = false)
    {
        var options = new DigestOptions { Realm = Realm, AllowNoQop = allowNoQop };
        return new DigestVerifier(options, NewNonces(), new DigestReplayTable(options.ReplayCapacity, options.NonceLifetime, _time));
    }

    private static DigestSecret? Lookup(string username, string realm, DigestAlgorithm algorithm) =>
        username == "alice" && realm == Realm ? DigestSecret.FromPassword(Password) : null;

    private static SipCredentials Credentials(string value)
    {
        var parsed = SipCredentials.Parse(Encoding.UTF8.GetBytes(value));
        Assert.True(parsed.IsSuccess, parsed.Error);
        return parsed.Value;
    }

    // What a phone sends back: the response computed from the challenge the way RFC 7616 §3.4.1 says.
    private string Answer(string nonce, bool sha256 = false, string user = "alice", string password = Password, int nc = 1, string uri = RequestUri, bool qop = true, string? opaque = null)
    {
        var algorithm = sha256 ? DigestAlgorithm.Sha256 : DigestAlgorithm.Md5;
        var ncText = nc.ToString("x8", System.Globalization.CultureInfo.InvariantCulture);
        var ha1 = DigestHash.Ha1(algorithm, user, Realm, password);
        var response = DigestHash.Response(algorithm, ha1, nonce, "REGISTER", uri, qop ? "auth" : null, qop ? ncText : null, qop ? "0a4f113b" : null);
        var value = $"Digest username=\"{user}\", realm=\"{Realm}\", nonce=\"{nonce}\", uri=\"{uri}\", response=\"{response}\", algorithm={DigestHash.Name(algorithm)}";
        value += qop ? $", qop=auth, nc={ncText}, cnonce=\"0a4f113b\"" : string.Empty;
        return value + $", opaque=\"{opaque ?? NewNonces().Opaque}\"";
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_RightPassword_Authenticated(bool sha256)
    {
        var verifier = NewVerifier();

        var result = verifier.Verify("REGISTER", RequestUri, Credentials(Answer(NewNonces().Create(), sha256)), Lookup);

        Assert.Equal(DigestVerification.Authenticated("alice"), result);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Verify_StoredHa1_Authenticated(bool sha256)
    {
        var verifier = NewVerifier();
        DigestSecret? Ha1Lookup(string u, string r, DigestAlgorithm a) => DigestSecret.FromHa1(DigestHash.Ha1(a, u, r, Password).ToUpperInvariant());

        var result = verifier.Verify("REGISTER", RequestUri, Credentials(Answer(NewNonces().Create(), sha256)), Ha1Lookup);

        Assert.True(result.IsAuthenticated, result.Reason.ToString());
    }

    [Fact]
    public void Verify_AfterNonceLifetime_StaleThenFreshNonceAuthenticated()
    {
        var verifier = NewVerifier();
        var nonce = NewNonces().Create();
        Assert.True(verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, nc: 1)), Lookup).IsAuthenticated);

        _time.Advance(TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1));

        Assert.Equal(DigestOutcome.Stale, verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, nc: 2)), Lookup).Outcome);
        Assert.True(verifier.Verify("REGISTER", RequestUri, Credentials(Answer(NewNonces().Create())), Lookup).IsAuthenticated);
    }

    [Fact]
    public void Verify_WrongPasswordWithExpiredNonce_FailedNotStale()
    {
        var verifier = NewVerifier();
        var nonce = NewNonces().Create();
        _time.Advance(TimeSpan.FromMinutes(6));

        var result = verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, password: "guess")), Lookup);

        Assert.Equal(DigestVerification.Failed(DigestFailureReason.WrongPassword, "alice"), result);
    }

    [Fact]
    public void Verify_NonceWithFlippedByte_Failed()
    {
        var raw = System.Buffers.Text.Base64Url.DecodeFromChars(NewNonces().Create());
        raw[10] ^= 0x80;

        var result = NewVerifier().Verify("REGISTER", RequestUri, Credentials(Answer(System.Buffers.Text.Base64Url.EncodeToString(raw))), Lookup);

        Assert.Equal(DigestFailureReason.InvalidNonce, result.Reason);
        Assert.Equal(DigestOutcome.Failed, result.Outcome);
    }

    [Fact]
    public void Verify_NonceFromAnotherSecret_Failed()
    {
        var foreign = new DigestNonces(new byte[32], Realm, TimeSpan.FromMinutes(5), _time).Create();

        var result = NewVerifier().Verify("REGISTER", RequestUri, Credentials(Answer(foreign)), Lookup);

        Assert.Equal(DigestFailureReason.InvalidNonce, result.Reason);
    }

    [Fact]
    public void Verify_SameNcTwice_SecondFailedAsReplay()
    {
        var verifier = NewVerifier();
        var nonce = NewNonces().Create();

        Assert.True(verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, nc: 1)), Lookup).IsAuthenticated);
        Assert.Equal(DigestFailureReason.Replayed, verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, nc: 1)), Lookup).Reason);
        Assert.True(verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, nc: 2)), Lookup).IsAuthenticated);
        Assert.Equal(DigestFailureReason.Replayed, verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, nc: 1)), Lookup).Reason);
    }

    [Fact]
    public void Verify_WrongResponseWithHighNc_DoesNotBurnTheNonce()
    {
        var verifier = NewVerifier();
        var nonce = NewNonces().Create();

        Assert.False(verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, password: "x", nc: 1000)), Lookup).IsAuthenticated);

        Assert.True(verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, nc: 1)), Lookup).IsAuthenticated);
    }

    [Fact]
    public void Verify_UnknownUserAndWrongPassword_SameOutcomeKind()
    {
        var verifier = NewVerifier();

        var unknown = verifier.Verify("REGISTER", RequestUri, Credentials(Answer(NewNonces().Create(), user: "mallory")), Lookup);
        var wrong = verifier.Verify("REGISTER", RequestUri, Credentials(Answer(NewNonces().Create(), password: "guess")), Lookup);

        Assert.Equal(DigestOutcome.Failed, unknown.Outcome);
        Assert.Equal(unknown.Outcome, wrong.Outcome);
        Assert.Equal((DigestFailureReason.UnknownUser, DigestFailureReason.WrongPassword), (unknown.Reason, wrong.Reason));
    }

    [Fact]
    public void Verify_UnknownUserWithExpiredNonce_FailedLikeWrongPassword()
    {
        var verifier = NewVerifier();
        var nonce = NewNonces().Create();
        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(DigestOutcome.Failed, verifier.Verify("REGISTER", RequestUri, Credentials(Answer(nonce, user: "mallory")), Lookup).Outcome);
    }

    [Fact]
    public void Verify_DigestUriNotTheRequestUri_Failed()
    {
        var result = NewVerifier().Verify("REGISTER", RequestUri, Credentials(Answer(NewNonces().Create(), uri: "sip:other.example")), Lookup);

        Assert.Equal(DigestFailureReason.UriMismatch, result.Reason);
    }

    [Fact]
    public void Verify_DigestUriEquivalentToRequestUri_Authenticated()
    {
        var result = NewVerifier().Verify("REGISTER", "sip:HOME.example", Credentials(Answer(NewNonces().Create())), Lookup);

        Assert.True(result.IsAuthenticated, result.Reason.ToString());
    }

    [Fact]
    public void Verify_OtherMethodThanSigned_Failed()
    {
        var result = NewVerifier().Verify("INVITE", RequestUri, Credentials(Answer(NewNonces().Create())), Lookup);

        Assert.Equal(DigestFailureReason.WrongPassword, result.Reason);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void Verify_NoQop_AuthenticatedOnlyWhenAllowed(bool allow, bool expected)
    {
        var result = NewVerifier(allow).Verify("REGISTER", RequestUri, Credentials(Answer(NewNonces().Create(), qop: false)), Lookup);

        Assert.Equal(expected, result.IsAuthenticated);
        Assert.Equal(allow ? DigestFailureReason.None : DigestFailureReason.QopRequired, result.Reason);
    }

    [Fact]
    public void Verify_WrongOpaque_Failed()
    {
        var result = NewVerifier().Verify("REGISTER", RequestUri, Credentials(Answer(NewNonces().Create(), opaque: "xyz")), Lookup);

        Assert.Equal(DigestFailureReason.OpaqueMismatch, result.Reason);
    }

    [Theory]
    [InlineData("Basic realm=\"home.example\"", "Malformed")]
    [InlineData("Digest username=\"alice\", realm=\"home.example\"", "Malformed")]
    [InlineData("Digest username=\"alice\", realm=\"other\", nonce=\"n\", uri=\"sip:home.example\", response=\"00000000000000000000000000000000\", qop=auth, nc=00000001, cnonce=\"c\"", "RealmMismatch")]
    [InlineData("Digest username=\"alice\", realm=\"home.example\", nonce=\"n\", uri=\"sip:home.example\", response=\"00000000000000000000000000000000\", algorithm=MD5-sess, qop=auth, nc=00000001, cnonce=\"c\"", "UnsupportedAlgorithm")]
    [InlineData("Digest username=\"alice\", realm=\"home.example\", nonce=\"n\", uri=\"sip:home.example\", response=\"00000000000000000000000000000000\", qop=auth-int, nc=00000001, cnonce=\"c\"", "UnsupportedQop")]
    [InlineData("Digest username=\"alice\", realm=\"home.example\", nonce=\"n\", uri=\"sip:home.example\", response=\"00000000000000000000000000000000\", qop=auth, nc=1, cnonce=\"c\"", "Malformed")]
    [InlineData("Digest username=\"alice\", realm=\"home.example\", nonce=\"n\", uri=\"sip:home.example\", response=\"0000\", qop=auth, nc=00000001, cnonce=\"c\"", "Malformed")]
    [InlineData("Digest username=\"alice\", realm=\"home.example\", nonce=\"n\", uri=\"sip:home.example\", response=\"00000000000000000000000000000000\", response=\"00000000000000000000000000000000\", qop=auth, nc=00000001, cnonce=\"c\"", "Malformed")]
    [InlineData("Digest username=\"alice\", realm=\"home.example\", nonce=\"n\", uri=\"sip:home.example\", response=\"00000000000000000000000000000000\", qop=auth, nc=00000001, cnonce=\"c\"", "InvalidNonce")]
    public void Verify_BadCredentials_FailedWithReason(string value, string reason)
    {
        var result = NewVerifier().Verify("REGISTER", RequestUri, Credentials(value), Lookup);

        Assert.Equal(DigestOutcome.Failed, result.Outcome);
        Assert.Equal(reason, result.Reason.ToString());
    }

    [Fact]
    public void Verify_ParsedRegister_UsesAuthorizationForOurRealm()
    {
        var nonce = NewNonces().Create();
        var text = "REGISTER sip:home.example SIP/2.0\r\n"
            + "Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bKnashds7\r\n"
            + "Max-Forwards: 70\r\n"
            + "To: <sip:alice@home.example>\r\n"
            + "From: <sip:alice@home.example>;tag=456248\r\n"
            + "Call-ID: 843817637684230@998sdasdh09\r\n"
            + "CSeq: 1826 REGISTER\r\n"
            + "Contact: <sip:alice@192.0.2.10>\r\n"
            + "Authorization: Digest username=\"alice\", realm=\"elsewhere\", nonce=\"x\", uri=\"sip:home.example\", response=\"00\"\r\n"
            + "Authorization: " + Answer(nonce, sha256: true) + "\r\n"
            + "Content-Length: 0\r\n\r\n";
        var parsed = SipParser.Parse(Encoding.UTF8.GetBytes(text), SipFraming.Datagram);
        Assert.NotNull(parsed.Message);

        var verifier = NewVerifier();

        Assert.Equal(DigestVerification.Authenticated("alice"), verifier.Verify(parsed.Message, DigestRole.Registrar, Lookup));
        Assert.Equal(DigestFailureReason.NoCredentials, verifier.Verify(parsed.Message, DigestRole.Proxy, Lookup).Reason);
    }
}
