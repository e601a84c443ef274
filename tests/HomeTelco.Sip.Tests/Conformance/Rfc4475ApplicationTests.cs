using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Uris;
using HomeTelco.Sip.Validation;
using static HomeTelco.Sip.Tests.Conformance.TortureAssert;

namespace HomeTelco.Sip.Tests.Conformance;

// RFC 4475 §3.2 (transaction layer), §3.3 (application layer) and §3.4 (RFC 2543 compatibility): the parser and
// validator give the later layers exactly what they need to answer as the RFC names.
public sealed class Rfc4475ApplicationTests
{
    [Fact]
    public void Parse_Badbranch_BranchIsBareMagicCookieForTransactionLayer()
    {
        var via = ValidRequest("badbranch").GetTopVia().Value!;

        // Matching falls back to RFC 2543 rules or a 400; either way the layer sees the cookie with no identifier.
        Assert.Equal("z9hG4bK", via.Branch);
    }

    [Theory]
    [InlineData("insuf")]
    [InlineData("unkscm")]
    [InlineData("novelsc")]
    [InlineData("unksm2")]
    [InlineData("bext01")]
    [InlineData("invut")]
    [InlineData("regaut01")]
    [InlineData("multi01")]
    [InlineData("mcl01")]
    [InlineData("bcast")]
    [InlineData("zeromf")]
    [InlineData("cparam01")]
    [InlineData("cparam02")]
    [InlineData("regescrt")]
    [InlineData("sdp01")]
    public void Parse_ApplicationTortureMessage_GivesServerWhatItNeeds(string name)
    {
        switch (name)
        {
            case "insuf":
                Assert.StartsWith("Missing", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                break;
            case "unkscm":
            case "novelsc":
                Rejected(name, 416);
                Assert.Equal(SipUriScheme.Other, ParseComplete(name).RequestUri!.Scheme);
                break;
            case "unksm2":
                Assert.Contains("REGISTER", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                var unksm2 = ParseComplete(name);
                Assert.Equal("isbn", unksm2.GetTo().Value!.Uri!.SchemeName);
                Assert.Equal("http", unksm2.GetFrom().Value!.Uri!.SchemeName);
                Assert.Equal("name", Assert.Single(unksm2.GetContacts().Value!).Uri!.SchemeName);
                break;
            case "bext01":
                // The UAS answers 420 listing these in Unsupported; a proxy checks Proxy-Require the same way.
                var bext = ValidRequest(name);
                Assert.Equal(["nothingSupportsThis", "nothingSupportsThisEither"], bext.GetTokens(SipHeaderKind.Require));
                Assert.Equal(["noProxiesSupportThis", "norDoAnyProxiesSupportThis"], bext.GetTokens(SipHeaderKind.ProxyRequire));
                break;
            case "invut":
                // 415 is the UAS's answer; it needs the type and the body.
                var invut = ValidRequest(name);
                Assert.Equal("application/unknownformat", invut.Headers.GetFirstValue("c"));
                Assert.Equal(40, invut.Body.Length);
                break;
            case "regaut01":
                var credentials = Assert.Single(ValidRequest(name).GetCredentials(SipHeaderKind.Authorization).Value!);
                Assert.Equal("NoOneKnowsThisScheme", credentials.Scheme);
                Assert.False(credentials.IsDigest);
                Assert.Equal("here", credentials.Get("opaque-data"));
                break;
            case "multi01":
                Assert.StartsWith("Multiple", Rejected(name, 400).ReasonPhrase, StringComparison.Ordinal);
                break;
            case "mcl01":
                var mcl = ParseError(name);
                Assert.Equal(SipParseErrorKind.ConflictingContentLength, mcl.Kind);
                Assert.Equal(400, mcl.StatusCode);
                break;
            case "bcast":
                var bcast = ParseComplete(name);
                Assert.True(SipMessageValidator.Validate(bcast).IsValid);
                Assert.Equal("255.255.255.255", bcast.GetVias().Value![1].Host);
                break;
            case "zeromf":
                // A proxy answers 483; a UAS may answer OPTIONS itself. Either needs the 0.
                Assert.True(ValidRequest(name).TryGetMaxForwards(out var hops));
                Assert.Equal(0, hops);
                break;
            case "cparam01":
                var c1 = Assert.Single(ValidRequest(name).GetContacts().Value!);
                Assert.Empty(c1.Uri!.Parameters);
                Assert.True(c1.Has("unknownparam"));
                break;
            case "cparam02":
                var c2 = Assert.Single(ValidRequest(name).GetContacts().Value!);
                Assert.True(c2.Uri!.HasParameter("unknownparam"));
                Assert.Empty(c2.Parameters);
                break;
            case "regescrt":
                var route = Assert.Single(Assert.Single(ValidRequest(name).GetContacts().Value!).Uri!.Headers);
                Assert.Equal(("Route", "<sip:sip.example.com>"), (route.Name, route.Value));
                break;
            case "sdp01":
                // 406 is the UAS's answer: it needs the Accept it cannot satisfy.
                Assert.Equal("text/nobodyKnowsThis", ValidRequest(name).Headers.GetFirstValue("Accept"));
                break;
            default:
                Assert.Fail("no expectation for " + name);
                break;
        }
    }

    [Fact]
    public void Parse_Inv2543_AcceptedAsRfc2543Request()
    {
        var m = ValidRequest("inv2543");

        Assert.False(m.Headers.Contains(SipHeaderKind.MaxForwards));
        Assert.Null(m.GetTopVia().Value!.Branch);
        Assert.Null(m.GetFrom().Value!.Tag);
        Assert.Equal("phone", m.GetTo().Value!.Get("user"));
        Assert.Equal("ss1.example.com", Assert.Single(m.GetRecordRoutes().Value!).Uri!.MAddr);
        Assert.EndsWith("RTP/AVP 0\r\n", System.Text.Encoding.ASCII.GetString(m.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EveryTortureFile_HasAnExpectation()
    {
        string[] covered =
        [
            "wsinv", "intmeth", "esc01", "escnull", "esc02", "lwsdisp", "longreq", "dblreq", "semiuri", "transports", "mpart01", "unreason", "noreason",
            "badinv01", "clerr", "ncl", "scalar02", "scalarlg", "quotbal", "ltgtruri", "lwsruri", "lwsstart", "trws", "escruri", "baddate", "regbadct", "badaspec", "baddn", "badvers", "mismatch01", "mismatch02", "bigcode",
            "badbranch",
            "insuf", "unkscm", "novelsc", "unksm2", "bext01", "invut", "regaut01", "multi01", "mcl01", "bcast", "zeromf", "cparam01", "cparam02", "regescrt", "sdp01",
            "inv2543",
        ];

        Assert.Equal(49, covered.Length);
        Assert.Equal(covered.Order(StringComparer.Ordinal), TortureMessages.AllNames());
    }
}
