using System.Text;
using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Auth;

public sealed class DigestChallengeBuilderTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));

    private DigestNonces Nonces(string realm) => new(new byte[32], realm, TimeSpan.FromMinutes(5), _time);

    [Fact]
    public void Build_Fresh_OffersSha256ThenMd5WithQopAuthAndNoStale()
    {
        var nonces = Nonces("home.example");
        var values = new DigestChallengeBuilder("home.example", nonces).Build(stale: false);

        Assert.Equal(2, values.Count);
        var parsed = values.Select(v => SipCredentials.Parse(Encoding.UTF8.GetBytes(v))).ToList();
        Assert.All(parsed, p => Assert.True(p.IsSuccess, p.Error));
        Assert.Equal(["SHA-256", "MD5"], parsed.Select(p => p.Value!.Get("algorithm")));
        foreach (var challenge in parsed.Select(p => p.Value!))
        {
            Assert.True(challenge.IsDigest);
            Assert.Equal("home.example", challenge.Get("realm"));
            Assert.Equal("auth", challenge.Get("qop"));
            Assert.Equal(nonces.Opaque, challenge.Get("opaque"));
            Assert.Null(challenge.Get("stale"));
            Assert.Equal(DigestNonceStatus.Valid, nonces.Check(challenge.Get("nonce")!).Status);
        }

        Assert.Equal(parsed[0].Value!.Get("nonce"), parsed[1].Value!.Get("nonce"));
    }

    [Fact]
    public void Build_Stale_CarriesStaleTrue()
    {
        var values = new DigestChallengeBuilder("home.example", Nonces("home.example")).Build(stale: true);

        Assert.All(values, v => Assert.Equal("true", SipCredentials.Parse(Encoding.UTF8.GetBytes(v)).Value!.Get("stale")));
    }

    [Fact]
    public void Build_RealmWithQuoteAndBackslash_RoundTripsThroughParser()
    {
        const string realm = "Bob's \"home\" \\ box";
        var value = new DigestChallengeBuilder(realm, Nonces(realm)).Build(stale: false)[0];

        var parsed = SipCredentials.Parse(Encoding.UTF8.GetBytes(value));

        Assert.True(parsed.IsSuccess, parsed.Error);
        Assert.Equal(realm, parsed.Value.Get("realm"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void AddTo_Role_AddsTwoHeadersOfTheRightKindThatParseBack(bool proxy)
    {
        var role = proxy ? DigestRole.Proxy : DigestRole.Registrar;
        var kind = proxy ? SipHeaderKind.ProxyAuthenticate : SipHeaderKind.WwwAuthenticate;
        var response = SipMessage.CreateResponse(role.ChallengeStatusCode(), "Unauthorized");

        new DigestChallengeBuilder("home.example", Nonces("home.example")).AddTo(response, role, stale: false);

        var challenges = response.GetCredentials(kind);
        Assert.True(challenges.IsSuccess, challenges.Error);
        Assert.Equal(2, challenges.Value.Count);
        Assert.Equal(2, response.Headers.CountOf(kind));
    }

    [Fact]
    public void Format_KnownInputs_WritesExactValue()
    {
        Assert.Equal(
            "Digest realm=\"home.example\", nonce=\"N\", opaque=\"O\", algorithm=MD5, qop=\"auth\", stale=true",
            DigestChallengeBuilder.Format("home.example", "N", "O", DigestAlgorithm.Md5, stale: true));
    }
}
