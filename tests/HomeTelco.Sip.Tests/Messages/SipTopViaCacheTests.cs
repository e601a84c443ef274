using System.Net;
using System.Text;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Messages;

public sealed class SipTopViaCacheTests
{
    private const string Register =
        "REGISTER sip:box.example SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.7:5062;branch=z9hG4bKfirst;rport\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.8;branch=z9hG4bKsecond\r\n" +
        "From: <sip:101@box.example>;tag=1\r\n" +
        "To: <sip:101@box.example>\r\n" +
        "Call-ID: cache-1\r\n" +
        "CSeq: 1 REGISTER\r\n" +
        "Content-Length: 0\r\n\r\n";

    private static SipMessage Parse()
    {
        var parsed = SipParser.Parse(Encoding.ASCII.GetBytes(Register), SipFraming.Datagram);
        Assert.True(parsed.IsComplete);
        return parsed.Message;
    }

    [Fact]
    public void GetTopVia_ReadTwice_ParsedOnce()
    {
        var message = Parse();

        var first = message.GetTopVia().Value;
        var second = message.GetTopVia().Value;

        Assert.Same(first, second);
        Assert.Equal("z9hG4bKfirst", first!.Branch);
    }

    [Fact]
    public void GetTopVia_AfterTheStampRewritesIt_SeesTheNewValue()
    {
        var message = Parse();
        Assert.Null(message.GetTopVia().Value!.Received);

        SipViaStamp.Apply(message, new IPEndPoint(IPAddress.Parse("203.0.113.5"), 40000));

        var stamped = message.GetTopVia().Value!;
        Assert.Equal("203.0.113.5", stamped.Received);
        Assert.Equal(40000, stamped.RPort);
    }

    [Fact]
    public void GetTopVia_AfterTheTopViaIsRemoved_SeesTheNextOne()
    {
        var message = Parse();
        Assert.Equal("z9hG4bKfirst", message.GetTopVia().Value!.Branch);

        message.Headers.RemoveAt(message.Headers.IndexOf(SipHeaderKind.Via));

        Assert.Equal("z9hG4bKsecond", message.GetTopVia().Value!.Branch);
    }

    [Fact]
    public void GetTopVia_AfterAViaIsInsertedOnTop_SeesTheNewOne()
    {
        var message = Parse();
        Assert.Equal("z9hG4bKfirst", message.GetTopVia().Value!.Branch);

        message.Headers.Insert(0, new SipHeader("Via", "SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKproxy"));

        Assert.Equal("z9hG4bKproxy", message.GetTopVia().Value!.Branch);
    }

    [Theory]
    [InlineData("SIP/2.0/UDP 10.0.0.7:5062;branch=z9hG4bKa;rport", "203.0.113.5", 40000)]
    [InlineData("SIP/2.0/UDP 10.0.0.7:5062;RPORT;branch=z9hG4bKa;received=1.2.3.4;x=\"q;v\"", "203.0.113.5", 40000)]
    [InlineData("SIP/2.0/UDP 10.0.0.7;branch=z9hG4bKa", "203.0.113.5", 5060)]
    [InlineData("SIP/2.0/UDP [2001:db8::7]:5062;branch=z9hG4bKa;rport=1", "2001:db8::9", 40000)]
    [InlineData("SIP/2.0/TCP phone.example ; branch=z9hG4bKa ; rport , SIP/2.0/UDP 10.0.0.8;branch=z9hG4bKb", "198.51.100.2", 6000)]
    public void Stamp_KeepsTheTopVia_ThatParsingTheNewHeaderGives(string via, string address, int port)
    {
        var message = SipParser.Parse(Encoding.ASCII.GetBytes(Register.Replace("SIP/2.0/UDP 10.0.0.7:5062;branch=z9hG4bKfirst;rport", via, StringComparison.Ordinal)), SipFraming.Datagram).Message!;
        Assert.NotNull(message.GetTopVia().Value);

        SipViaStamp.Apply(message, new IPEndPoint(IPAddress.Parse(address), port));

        var kept = message.GetTopVia().Value!;
        message.Headers.TryGetFirst(SipHeaderKind.Via, out var header);
        var parsed = HomeTelco.Sip.Headers.SipViaParser.Parse(header.RawValue.Span).Value![0];
        Assert.Equal((parsed.ProtocolName, parsed.ProtocolVersion, parsed.Transport, parsed.Host, parsed.Port), (kept.ProtocolName, kept.ProtocolVersion, kept.Transport, kept.Host, kept.Port));
        Assert.Equal(parsed.Parameters.Select(p => (p.Name.ToLowerInvariant(), p.Value)), kept.Parameters.Select(p => (p.Name.ToLowerInvariant(), p.Value)));
    }

    [Fact]
    public void GetToAndCSeq_ReadTwice_ParsedOnce_AndForgottenWhenTheHeadersChange()
    {
        var message = Parse();
        var to = message.GetTo().Value;
        var cseq = message.GetCSeq().Value;
        Assert.Same(to, message.GetTo().Value);
        Assert.Same(cseq, message.GetCSeq().Value);

        message.Headers.Set(SipHeaderKind.To, "<sip:102@box.example>;tag=9");
        message.Headers.Set(SipHeaderKind.CSeq, "2 REGISTER");

        Assert.Equal("9", message.GetTo().Value!.Tag);
        Assert.Equal(2u, message.GetCSeq().Value!.Number);
    }
}
