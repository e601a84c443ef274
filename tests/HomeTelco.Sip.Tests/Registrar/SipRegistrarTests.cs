using System.Net;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Serialization;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Registrar;

/// <summary>The registrar's checks before any binding changes: domain, extensions, digest, who may register what.</summary>
public sealed class SipRegistrarTests
{
    private static string[] Challenges(SipMessage response) =>
        [.. response.Headers.Where(h => h.Kind == SipHeaderKind.WwwAuthenticate).Select(h => h.Value)];

    private static string? Header(SipMessage message, SipHeaderKind kind) =>
        message.Headers.TryGetFirst(kind, out var header) ? header.Value : null;

    [Fact]
    public void OnRegister_NoCredentials_401WithMd5ThenSha256Challenge()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).RegisterWithoutCredentials();

        Assert.Equal(401, response.StatusCode);
        var challenges = Challenges(response);
        // The fixture offers both, MD5 first: sipsak and older phones read only the first challenge.
        Assert.Equal(["MD5", "SHA-256"], challenges.Select(c => TestPhone.Param(c, "algorithm")));
        Assert.All(challenges, c => Assert.Equal(fixture.Realm, TestPhone.Param(c, "realm")));
        Assert.All(challenges, c => Assert.Equal("auth", TestPhone.Param(c, "qop")));
        Assert.Equal(0, fixture.Location.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void OnRegister_RightDigest_200ListsContactWithExpiresAndDate(bool sha256)
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture) { Sha256 = sha256 };

        var response = phone.Register(expires: "1800");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("<sip:101@192.0.2.10:5060>;expires=1800", Header(response, SipHeaderKind.Contact));
        Assert.Equal("Thu, 01 Jan 2026 12:00:00 GMT", Header(response, SipHeaderKind.Date));
        var binding = Assert.Single(fixture.Location.Lookup("101"));
        Assert.Equal("sip:101@192.0.2.10:5060", binding.Contact);
        Assert.Equal(fixture.Time.GetUtcNow().AddSeconds(1800), binding.ExpiresAt);
        Assert.Equal(RegistrarFixture.Udp, binding.Flow);
        Assert.Equal("TestPhone/1.0", binding.UserAgent);
        Assert.False(binding.BehindNat);
    }

    [Fact]
    public void OnRegister_AfterRestoreBroughtAnotherRealm_ChallengesInThatRealmAndItsPasswordsWork()
    {
        using var fixture = new RegistrarFixture();
        var before = Challenges(new TestPhone(fixture).RegisterWithoutCredentials());
        Assert.All(before, c => Assert.Equal(fixture.Realm, TestPhone.Param(c, "realm")));

        // What a restore of another box's backup does: its realm and HA1s replace ours, then the service reloads.
        var other = "hometelco-other1";
        new HomeTelco.Core.Settings.SettingsStore(fixture.Store).Set(HomeTelco.Core.Settings.SettingKeys.SipRealm, other);
        fixture.Extensions.Reload();
        fixture.Extensions.Update("101", null, RegistrarFixture.Password);

        var after = Challenges(new TestPhone(fixture).RegisterWithoutCredentials());
        Assert.All(after, c => Assert.Equal(other, TestPhone.Param(c, "realm")));
        Assert.Equal(200, new TestPhone(fixture).Register().StatusCode);
    }

    [Fact]
    public void OnRegister_WrongPassword_401AndNoBinding()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture, password: "not-the-password-at-all").Register();

        Assert.Equal(401, response.StatusCode);
        Assert.Empty(fixture.Location.Lookup("101"));
    }

    [Fact]
    public void OnRegister_UnknownExtension_SameAnswerAsWrongPassword()
    {
        using var fixture = new RegistrarFixture();

        var wrongPassword = new TestPhone(fixture, password: "not-the-password-at-all").Register();
        var unknown = new TestPhone(fixture, number: "555").Register();

        // Status, reason, header names and the challenge's parameters (all but the nonce's value) are the same.
        Assert.Equal(wrongPassword.StatusCode, unknown.StatusCode);
        Assert.Equal(wrongPassword.ReasonPhrase, unknown.ReasonPhrase);
        Assert.Equal(wrongPassword.Headers.Select(h => h.CanonicalName), unknown.Headers.Select(h => h.CanonicalName));
        string Shape(string challenge) => TestPhone.Param(challenge, "nonce") is { } nonce ? challenge.Replace(nonce, "N", StringComparison.Ordinal) : challenge;
        Assert.Equal(Challenges(wrongPassword).Select(Shape), Challenges(unknown).Select(Shape));
        Assert.DoesNotContain("stale", string.Concat(Challenges(unknown)), StringComparison.Ordinal);
    }

    [Fact]
    public void OnRegister_ToIsAnotherExtension_403()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture) { ToUser = "102" }.Register();

        Assert.Equal(403, response.StatusCode);
        Assert.Empty(fixture.Location.Lookup("101"));
        Assert.Empty(fixture.Location.Lookup("102"));
    }

    [Fact]
    public void OnRegister_ForeignDomain_403WithoutChallenge()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture) { RequestUri = "sip:example.com" }.RegisterWithoutCredentials();

        Assert.Equal(403, response.StatusCode);
        Assert.Empty(Challenges(response));
    }

    [Fact]
    public void OnRegister_RequireUnknownExtension_420NamingIt()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).RegisterWithoutCredentials(headers: "Require: path, foo");

        Assert.Equal(420, response.StatusCode);
        Assert.Equal("foo", Header(response, SipHeaderKind.Unsupported));
    }

    [Theory]
    [InlineData("30", null)]
    [InlineData(null, "<sip:101@192.0.2.10:5060>;expires=59")]
    public void OnRegister_ExpiresBelowMinimum_423WithMinExpires(string? header, string? contact)
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(contact is null ? null : [contact], header);

        Assert.Equal(423, response.StatusCode);
        Assert.Equal("60", Header(response, SipHeaderKind.MinExpires));
        Assert.Empty(fixture.Location.Lookup("101"));
    }

    [Fact]
    public void OnRegister_ExpiresAboveMaximum_Shortened()
    {
        using var fixture = new RegistrarFixture(new() { MaxExpires = 600, DefaultExpires = 300 });

        var response = new TestPhone(fixture).Register(expires: "86400");

        Assert.Equal("<sip:101@192.0.2.10:5060>;expires=600", Header(response, SipHeaderKind.Contact));
    }

    [Fact]
    public void OnRegister_NoExpiresAnywhere_DefaultApplies()
    {
        using var fixture = new RegistrarFixture(new() { DefaultExpires = 900 });

        var response = new TestPhone(fixture).Register();

        Assert.Equal("<sip:101@192.0.2.10:5060>;expires=900", Header(response, SipHeaderKind.Contact));
    }

    [Fact]
    public void OnRegister_ContactExpiresParameter_WinsOverHeader()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(["<sip:101@192.0.2.10:5060>;expires=120"], "3000");

        Assert.Equal("<sip:101@192.0.2.10:5060>;expires=120", Header(response, SipHeaderKind.Contact));
    }

    [Fact]
    public void OnRegister_MalformedContact_400()
    {
        using var fixture = new RegistrarFixture();

        var response = new TestPhone(fixture).Register(["<sip:101@192.0.2.10:5060"]);

        Assert.Equal(400, response.StatusCode);
    }

    [Fact]
    public void OnRegister_ContactBehindNat_FlowIsTheObservedSource()
    {
        using var fixture = new RegistrarFixture();
        var natted = new SipEndPoint(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("203.0.113.7"), 40123));
        var phone = new TestPhone(fixture, source: natted);

        // The phone knows only its private address and puts it in Contact (and Via, built here from the source).
        var response = phone.Register(["<sip:101@192.168.1.20:5060>"]);

        Assert.Equal(200, response.StatusCode);
        var binding = Assert.Single(fixture.Location.Lookup("101"));
        Assert.True(binding.BehindNat);
        Assert.Equal(natted, binding.Flow);
        var registration = Assert.Single(fixture.Location.List("101"));
        Assert.Equal("203.0.113.7:40123", registration.Source);
        Assert.Equal("UDP", registration.Transport);
        Assert.True(registration.BehindNat);
        Assert.Equal("sip:101@192.168.1.20:5060", registration.Contact);
    }

    [Fact]
    public void OnRegister_ViaClaimsPrivateAddress_BehindNatEvenIfContactMatches()
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture);
        var text = phone.Build(null, null, [], null).Replace("Via: SIP/2.0/UDP 192.0.2.10:5060", "Via: SIP/2.0/UDP 10.0.0.9:5060", StringComparison.Ordinal);
        var challenge = fixture.Send(text, phone.Source);

        var response = fixture.Send(phone.Build(null, null, [], phone.Authorize(challenge)).Replace("Via: SIP/2.0/UDP 192.0.2.10:5060", "Via: SIP/2.0/UDP 10.0.0.9:5060", StringComparison.Ordinal), phone.Source);

        Assert.Equal(200, response.StatusCode);
        Assert.True(Assert.Single(fixture.Location.Lookup("101")).BehindNat);
    }

    [Fact]
    public void OnRegister_Retransmission_AnsweredFromTheTransactionNotRegisteredTwice()
    {
        using var fixture = new RegistrarFixture();
        var phone = new TestPhone(fixture);
        var challenge = phone.RegisterWithoutCredentials();
        var text = phone.Build(null, null, [], phone.Authorize(challenge));

        var first = fixture.Send(text, phone.Source);
        var again = fixture.Send(text, phone.Source);

        // The retransmission gets the saved bytes of the first answer (the Completed state keeps only those).
        Assert.Equal(200, first.StatusCode);
        Assert.Equal(SipSerializer.GetByteCount(first), SipSerializer.GetByteCount(again));
        Assert.Equal(first.ToString(), again.ToString());
        Assert.Equal(first.Headers.Select(h => h.Value), again.Headers.Select(h => h.Value));
        Assert.Single(fixture.Location.Lookup("101"));
    }

    [Fact]
    public void OnRegister_ExtensionRemoved_BindingsGo()
    {
        using var fixture = new RegistrarFixture();
        new TestPhone(fixture).Register();
        new TestPhone(fixture, "102", RegistrarFixture.Password + "-bob").Register();

        fixture.Extensions.Remove("101");

        Assert.Empty(fixture.Location.Lookup("101"));
        Assert.Single(fixture.Location.Lookup("102"));
        Assert.Equal(1, fixture.Location.Count);
    }

    [Fact]
    public void OnRegister_ExtensionPasswordChanged_BindingsStay()
    {
        using var fixture = new RegistrarFixture();
        new TestPhone(fixture).Register();

        fixture.Extensions.Update("101", displayName: null, password: "another-long-password");

        Assert.Single(fixture.Location.Lookup("101"));
        Assert.Equal(1, fixture.Location.Count);
    }
}
