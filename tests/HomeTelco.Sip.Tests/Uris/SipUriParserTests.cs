using System.Text;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Tests.Uris;

public sealed class SipUriParserTests
{
    private static SipUri Parse(string text)
    {
        var result = SipUriParser.Parse(Encoding.UTF8.GetBytes(text));
        Assert.True(result.IsSuccess, result.Error);
        return result.Value;
    }

    [Fact]
    public void Parse_FullSipUri_ReadsEveryComponent()
    {
        var uri = Parse("sips:alice:secret@Example.COM:5061;transport=tls;lr;maddr=10.0.0.1;user=phone?Subject=hi%20there&Priority=urgent");

        Assert.Equal(SipUriScheme.Sips, uri.Scheme);
        Assert.Equal("alice", uri.User);
        Assert.Equal("secret", uri.Password);
        Assert.Equal("Example.COM", uri.Host);
        Assert.Equal(5061, uri.Port);
        Assert.Equal("tls", uri.Transport);
        Assert.True(uri.IsLooseRouter);
        Assert.Equal("10.0.0.1", uri.MAddr);
        Assert.Equal("phone", uri.UserParameter);
        Assert.Equal("hi there", uri.Headers[0].Value);
        Assert.Equal("Priority", uri.Headers[1].Name);
    }

    [Fact]
    public void Parse_Ipv6Reference_KeepsBracketsAndPort()
    {
        var uri = Parse("sip:[2001:db8::10]:5070");

        Assert.Equal("[2001:db8::10]", uri.Host);
        Assert.Equal(5070, uri.Port);
        Assert.Null(uri.User);
    }

    [Fact]
    public void Parse_TelUri_ReadsNumberAndParameters()
    {
        var uri = Parse("tel:+1-201-555-0123;phone-context=example.com");

        Assert.Equal(SipUriScheme.Tel, uri.Scheme);
        Assert.Equal("+1-201-555-0123", uri.User);
        Assert.Equal("example.com", uri.GetParameter("phone-context"));
    }

    [Fact]
    public void Parse_UnknownScheme_IsOtherWithOpaqueText()
    {
        var uri = Parse("urn:service:sos");

        Assert.Equal(SipUriScheme.Other, uri.Scheme);
        Assert.Equal("urn", uri.SchemeName);
        Assert.Equal("service:sos", uri.Opaque);
    }

    [Theory]
    [InlineData("sip:")]
    [InlineData("sip:user@")]
    [InlineData("sip:host:99999")]
    [InlineData("sip:host;=x")]
    [InlineData("sip:us%zzer@host")]
    [InlineData("sip:[::1")]
    [InlineData("sip:host?novalue")]
    [InlineData("<sip:host>")]
    [InlineData("sip:host name")]
    [InlineData("sip:-host")]
    public void Parse_InvalidUri_Fails(string text)
    {
        Assert.False(SipUriParser.Parse(Encoding.UTF8.GetBytes(text)).IsSuccess);
    }

    [Theory]
    [InlineData("sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp")]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5")]
    [InlineData("sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5")]
    [InlineData("sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com", "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com")]
    [InlineData("sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?priority=urgent&subject=project%20x")]
    [InlineData("sip:[2001:db8::9:1]", "sip:[2001:db8:0:0:0:0:9:1]")]
    public void IsEquivalentTo_Rfc3261EquivalentPairs_True(string a, string b)
    {
        Assert.True(Parse(a).IsEquivalentTo(Parse(b)));
        Assert.True(Parse(b).IsEquivalentTo(Parse(a)));
    }

    [Theory]
    [InlineData("SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP")]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060")]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp")]
    [InlineData("sip:bob@biloxi.com", "sip:bob@biloxi.com:6000;transport=tcp")]
    [InlineData("sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting")]
    [InlineData("sip:bob@phone21.boxesbybob.com", "sip:bob@192.0.2.4")]
    [InlineData("sip:alice@example.com", "sips:alice@example.com")]
    public void IsEquivalentTo_Rfc3261DifferentPairs_False(string a, string b)
    {
        Assert.False(Parse(a).IsEquivalentTo(Parse(b)));
    }

    [Theory]
    [InlineData("sip:alice@example.com")]
    [InlineData("sips:al%20ice:p%40ss@[2001:db8::1]:5061;transport=tcp;lr;x=%3B?h=a%26b&k=")]
    [InlineData("sip:user;par=u%40example.net@example.com")]
    [InlineData("tel:+1-201-555-0123;phone-context=example.com")]
    [InlineData("sip:null-%00-null@example.com")]
    [InlineData("mailto:someone@example.com")]
    public void Write_ParsedUri_RoundTripsToEquivalentUri(string text)
    {
        var uri = Parse(text);
        var buffer = new byte[512];
        var written = SipUriWriter.Write(uri, buffer);

        var again = Parse(Encoding.UTF8.GetString(buffer, 0, written));

        Assert.True(uri.IsEquivalentTo(again));
        Assert.Equal(uri.User, again.User);
        Assert.Equal(uri.Parameters, again.Parameters);
        Assert.Equal(uri.Headers, again.Headers);
    }

    [Fact]
    public void Write_DestinationTooSmall_ReturnsMinusOne()
    {
        var uri = Parse("sip:alice@example.com;transport=tcp");

        Assert.Equal(-1, SipUriWriter.Write(uri, new byte[10]));
    }
}
