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
}
