using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.SipSecurity;
using HomeTelco.Core.Settings;
using HomeTelco.Core.Store;
using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Defence;

/// <summary>
/// The real SipAuthenticator over real extensions reporting to the real guard: what a password guesser meets before
/// any registrar is involved. The guard only counts; the answers stay the same 401 for wrong passwords and for
/// extensions that do not exist.
/// </summary>
public sealed partial class SipAuthenticatorGuardTests : IDisposable
{
    private const string Password = "correct phone password";

    private readonly string _folder = Directory.CreateTempSubdirectory("hometelco-auth-guard-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero));
    private readonly HomeStore _store;
    private readonly SipBanService _bans;
    private readonly SipGuard _guard;
    private readonly SipAuthenticator _authenticator;
    private readonly string _realm;

    public SipAuthenticatorGuardTests()
    {
        _store = HomeStore.Open(_folder);
        var extensions = new ExtensionService(_store, new SettingsStore(_store), _time);
        extensions.Create("100", "Kitchen", Password);
        _realm = extensions.Realm;
        _bans = new SipBanService(_store, _time, NullLogger<SipBanService>.Instance);
        _guard = new SipGuard(SipGuardOptions.Default, _bans, _time, NullLogger.Instance);
        _authenticator = new SipAuthenticator(extensions, _guard, _time);
    }

    public void Dispose()
    {
        _bans.Flush();
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void WrongPasswordFiveTimes_SourceBannedAndThenSilenced()
    {
        var guesser = Source("203.0.113.5");
        var challenge = Nonce(Challenge("100", guesser));

        for (var attempt = 0; attempt < 5; attempt++)
        {
            Assert.False(_bans.IsBanned(IpRange.KeyOf(guesser.EndPoint.Address)));
            var request = Register("100", Answer("100", "guess " + attempt, challenge));
            Assert.True(_guard.Admit(request, guesser));
            Assert.Null(_authenticator.Authenticate(request, DigestRole.Registrar, guesser, out var refusal));
            Assert.Equal(401, refusal!.StatusCode);
        }

        Assert.False(_guard.Admit(Register("100", Answer("100", Password, challenge)), guesser));
        Assert.StartsWith("5 failed authentications within 5 min (the last as \"100\")", Assert.Single(_bans.List()).Reason, StringComparison.Ordinal);
        Assert.True(_guard.Admit(Register("100", null), Source("203.0.113.6")));
    }

    [Fact]
    public void UnknownExtension_SameChallengeAsAWrongPassword_AndCountedAlike()
    {
        var guesser = Source("203.0.113.7");
        var nonce = Nonce(Challenge("100", guesser));

        var wrongPassword = Refusal(Register("100", Answer("100", "not the password", nonce)), guesser);
        var noSuchExtension = Refusal(Register("999", Answer("999", "not the password", nonce)), guesser);

        Assert.Equal(wrongPassword.StatusCode, noSuchExtension.StatusCode);
        Assert.Equal(Shape(wrongPassword), Shape(noSuchExtension));
        for (var attempt = 0; attempt < 3; attempt++)
        {
            Refusal(Register("9" + attempt, Answer("9" + attempt, "x", nonce)), guesser);
        }

        Assert.True(_bans.IsBanned(IpRange.KeyOf(guesser.EndPoint.Address)));
    }

    [Fact]
    public void NoCredentialsYet_NotAFailure()
    {
        var phone = Source("203.0.113.8");

        for (var attempt = 0; attempt < 10; attempt++)
        {
            Challenge("100", phone);
        }

        Assert.Empty(_bans.List());
    }

    [Fact]
    public void RightPassword_SourceBecomesAKnownPhoneWithTheLargerAllowance()
    {
        var phone = Source("203.0.113.9");
        var nonce = Nonce(Challenge("100", phone));

        Assert.Equal("100", _authenticator.Authenticate(Register("100", Answer("100", Password, nonce)), DigestRole.Registrar, phone, out _));

        var admitted = 0;
        for (var i = 0; i < 1000; i++)
        {
            admitted += _guard.Admit(Register("100", null), phone) ? 1 : 0;
        }

        Assert.Equal((int)SipGuardOptions.Default.KnownBurst, admitted);
    }

    private static SipEndPoint Source(string address) => new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse(address), 5060));

    private SipMessage Challenge(string user, SipEndPoint source) => Refusal(Register(user, null), source);

    private SipMessage Refusal(SipMessage request, SipEndPoint source)
    {
        Assert.Null(_authenticator.Authenticate(request, DigestRole.Registrar, source, out var challenge));
        return challenge!;
    }

    private static (string Nonce, string Opaque) Nonce(SipMessage challenge)
    {
        var header = challenge.Headers.GetFirstValue("WWW-Authenticate")!;
        return (NoncePattern().Match(header).Groups[1].Value, OpaquePattern().Match(header).Groups[1].Value);
    }

    // What a scanner could compare between two refusals: the header names in order, and the values of the headers the
    // box writes itself (Via, From, To, Call-ID and CSeq echo the request), with the one-time nonce blanked.
    private static string Shape(SipMessage response) =>
        string.Join("\n", response.Headers.Select(h => h.CanonicalName + (h.CanonicalName is "Via" or "From" or "To" or "Call-ID" or "CSeq" ? "" : ": " + NoncePattern().Replace(h.Value, "nonce=\"…\""))));

    private string Answer(string user, string password, (string Nonce, string Opaque) challenge)
    {
        var ha1 = DigestHash.Ha1(DigestAlgorithm.Md5, user, _realm, password);
        var response = DigestHash.Response(DigestAlgorithm.Md5, ha1, challenge.Nonce, "REGISTER", "sip:box.example", "auth", "00000001", "0a4f113b");
        return $"Digest username=\"{user}\", realm=\"{_realm}\", nonce=\"{challenge.Nonce}\", uri=\"sip:box.example\", response=\"{response}\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\", opaque=\"{challenge.Opaque}\"";
    }

    private static SipMessage Register(string user, string? authorization)
    {
        var text = "REGISTER sip:box.example SIP/2.0\r\n" +
            $"Via: SIP/2.0/UDP 203.0.113.1:5060;branch=z9hG4bK-{Guid.NewGuid():N}\r\n" +
            "Max-Forwards: 70\r\n" +
            $"From: <sip:{user}@box.example>;tag=r1\r\n" +
            $"To: <sip:{user}@box.example>\r\n" +
            "Call-ID: auth-guard@203.0.113.1\r\n" +
            "CSeq: 1 REGISTER\r\n" +
            $"Contact: <sip:{user}@203.0.113.1:5060>\r\n" +
            (authorization is null ? "" : $"Authorization: {authorization}\r\n") +
            "Content-Length: 0\r\n\r\n";
        var result = SipParser.Parse(Encoding.ASCII.GetBytes(text), SipFraming.Datagram);
        Assert.True(result.IsComplete, result.Error?.Reason);
        return result.Message!;
    }

    [GeneratedRegex("nonce=\"([^\"]*)\"")]
    private static partial Regex NoncePattern();

    [GeneratedRegex("opaque=\"([^\"]*)\"")]
    private static partial Regex OpaquePattern();
}
