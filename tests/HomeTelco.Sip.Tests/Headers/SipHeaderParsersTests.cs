using System.Text;
using HomeTelco.Sip.Headers;

namespace HomeTelco.Sip.Tests.Headers;

public sealed class SipHeaderParsersTests
{
    private static byte[] B(string text) => Encoding.UTF8.GetBytes(text);

    [Fact]
    public void ViaParse_SeveralViasOnOneLine_SplitsOnCommasOutsideQuotes()
    {
        var result = SipViaParser.Parse(B("SIP/2.0/UDP a.example.com;branch=z9hG4bK1;x=\"p,q\" , SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bK2;received=192.0.2.9;rport=5099"));

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(2, result.Value.Count);
        Assert.Equal("\"p,q\"", result.Value[0].Get("x"));
        var second = result.Value[1];
        Assert.Equal(("TLS", "[2001:db8::1]", 5061), (second.Transport, second.Host, second.Port));
        Assert.Equal("192.0.2.9", second.Received);
        Assert.Equal(5099, second.RPort);
        Assert.True(second.HasRfc3261Branch);
    }

    [Theory]
    [InlineData("SIP/2.0/UDP")]
    [InlineData("SIP/2.0 host")]
    [InlineData("SIP/2.0/UDP host:99999")]
    [InlineData("SIP/2.0/UDP host;")]
    [InlineData("SIP/2.0/UDP host,")]
    [InlineData("SIP/2.0/UDP host;branch=\"open")]
    public void ViaParse_Malformed_Fails(string value)
    {
        Assert.False(SipViaParser.Parse(B(value)).IsSuccess);
    }

    [Fact]
    public void NameAddressParseList_ContactList_ReadsExpiresAndQ()
    {
        var list = new List<SipNameAddress>();

        var result = SipNameAddressParser.ParseList(B("\"A, B\" <sip:a@h1>;expires=60;q=0.7, sip:b@h2;q=1, <sip:c@h3;transport=tcp>;q=0.05;+sip.instance=\"<urn:uuid:1>\""), list, allowWildcard: true, requireBrackets: false);

        Assert.True(result.IsSuccess, result.Error);
        Assert.Equal(3, list.Count);
        Assert.Equal(("A, B", 60u, 700), (list[0].DisplayName, list[0].Expires, list[0].QualityPerMille));
        Assert.Equal(1000, list[1].QualityPerMille);
        Assert.Equal("tcp", list[2].Uri!.Transport);
        Assert.Equal(50, list[2].QualityPerMille);
        Assert.Equal("<urn:uuid:1>", list[2].Parameters[1].UnquotedValue);
    }

    [Fact]
    public void NameAddressParseList_Wildcard_IsWildcard()
    {
        var list = new List<SipNameAddress>();

        Assert.True(SipNameAddressParser.ParseList(B(" * "), list, allowWildcard: true, requireBrackets: false).IsSuccess);
        Assert.True(Assert.Single(list).IsWildcard);
    }

    [Theory]
    [InlineData("sip:a@h;tag=1 junk")]
    [InlineData("\"unterminated <sip:a@h>")]
    [InlineData("<sip:a@h")]
    [InlineData("Bell, Alexander <sip:a@h>")]
    [InlineData("< sip:a@h >")]
    [InlineData("sip:a@h?Route=x")]
    [InlineData("<sip:a@h>;;")]
    public void NameAddressParseSingle_Malformed_Fails(string value)
    {
        Assert.False(SipNameAddressParser.ParseSingle(B(value)).IsSuccess);
    }

    [Fact]
    public void NameAddressParseList_RouteWithoutBrackets_FailsWhenRequired()
    {
        Assert.False(SipNameAddressParser.ParseList(B("sip:p1.example.com;lr"), [], allowWildcard: false, requireBrackets: true).IsSuccess);
    }

    [Theory]
    [InlineData("4294967295 INVITE", 4294967295u, "INVITE")]
    [InlineData("0 ACK", 0u, "ACK")]
    [InlineData("00012   BYE", 12u, "BYE")]
    public void CSeqParse_Valid_ReadsNumberAndMethod(string value, uint number, string method)
    {
        Assert.Equal(new SipCSeq(number, method), SipCSeq.Parse(B(value)).Value);
    }

    [Theory]
    [InlineData("4294967296 INVITE")]
    [InlineData("INVITE")]
    [InlineData("1INVITE")]
    [InlineData("1 INV ITE")]
    [InlineData("-1 INVITE")]
    public void CSeqParse_Invalid_Fails(string value)
    {
        Assert.False(SipCSeq.Parse(B(value)).IsSuccess);
    }

    [Fact]
    public void CredentialsParse_Digest_UnescapesQuotedValues()
    {
        var result = SipCredentials.Parse(B("Digest username=\"bob\\\"s\", realm=\"example.com\",nonce=\"abc\" , uri=\"sip:example.com\", response=\"0123\", algorithm=SHA-256, qop=auth, nc=00000001, cnonce=\"x\""));

        Assert.True(result.IsSuccess, result.Error);
        var credentials = result.Value;
        Assert.True(credentials.IsDigest);
        Assert.Equal("bob\"s", credentials.Get("username"));
        Assert.Equal("example.com", credentials.Get("REALM"));
        Assert.Equal("SHA-256", credentials.Get("algorithm"));
        Assert.Equal("00000001", credentials.Get("nc"));
        Assert.Equal(9, credentials.Parameters.Count);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Digest realm")]
    [InlineData("Digest realm=\"x\" nonce=\"y\"")]
    [InlineData("Digest realm=\"x")]
    public void CredentialsParse_Malformed_Fails(string value)
    {
        Assert.False(SipCredentials.Parse(B(value)).IsSuccess);
    }

    [Theory]
    [InlineData("0", true, 0)]
    [InlineData("255", true, 255)]
    [InlineData("0068", true, 68)]
    [InlineData("256", false, 0)]
    [InlineData("", false, 0)]
    [InlineData("7a", false, 0)]
    public void TryParseMaxForwards_Values_RespectsRange(string value, bool ok, int hops)
    {
        Assert.Equal(ok, SipScalarHeaders.TryParseMaxForwards(B(value), out var parsed));
        Assert.Equal(hops, ok ? parsed : 0);
    }

    [Fact]
    public void TryParseTokenList_CommaSeparated_ReadsTokens()
    {
        var list = new List<string>();

        Assert.True(SipScalarHeaders.TryParseTokenList(B(" 100rel ,timer,  path "), list));
        Assert.Equal(["100rel", "timer", "path"], list);
        Assert.False(SipScalarHeaders.TryParseTokenList(B("a,,b"), []));
    }

    [Theory]
    [InlineData("a84b4c76e66710@pc33.atlanta.com", true)]
    [InlineData("f81d4fae-7dec-11d0-a765-00a0c91e6bf6", true)]
    [InlineData("a@b@c", false)]
    [InlineData("@host", false)]
    [InlineData("has space", false)]
    public void IsValidCallId_Values_FollowsWordGrammar(string value, bool valid)
    {
        Assert.Equal(valid, SipScalarHeaders.IsValidCallId(B(value)));
    }

    [Fact]
    public void ViaParse_Rfc5118Ipv6_ReadsBracketedSentByAndBareReceived()
    {
        var result = SipViaParser.Parse(B("SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111;received=2001:db8::9:255"));

        Assert.True(result.IsSuccess, result.Error);
        var via = Assert.Single(result.Value);
        Assert.Equal(("[2001:db8::9:1]", 6050), (via.Host, via.Port));
        Assert.Equal("2001:db8::9:255", via.Received);
    }
}
