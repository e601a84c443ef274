using System.Net;
using System.Text;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Tests.Transport;

public sealed class SipViaStampTests
{
    private static SipMessage Request(string via)
    {
        var text =
            "OPTIONS sip:box.example SIP/2.0\r\n" +
            $"Via: {via}\r\n" +
            "From: <sip:101@box.example>;tag=1\r\n" +
            "To: <sip:box.example>\r\n" +
            "Call-ID: stamp-1\r\n" +
            "CSeq: 1 OPTIONS\r\n" +
            "Content-Length: 0\r\n\r\n";
        var parsed = SipParser.Parse(Encoding.ASCII.GetBytes(text), SipFraming.Datagram);
        Assert.True(parsed.IsComplete);
        return parsed.Message;
    }

    private static string Stamped(string via, string source)
    {
        var request = Request(via);
        SipViaStamp.Apply(request, IPEndPoint.Parse(source));
        return request.Headers.GetFirstValue("Via")!;
    }

    [Fact]
    public void Apply_PhoneBehindNatAskingForRPort_FillsRPortAndAddsReceived()
    {
        Assert.Equal(
            "SIP/2.0/UDP 10.0.0.7:5062;branch=z9hG4bKa;rport=40000;received=203.0.113.5",
            Stamped("SIP/2.0/UDP 10.0.0.7:5062;branch=z9hG4bKa;rport", "203.0.113.5:40000"));
    }

    [Fact]
    public void Apply_OldReceivedAndQuotedSemicolonAndASecondVia_OldOneDroppedTheRestKept()
    {
        Assert.Equal(
            "SIP/2.0/UDP host.example;x=\"a;b\";received=198.51.100.7, SIP/2.0/TCP other;branch=z9hG4bK2",
            Stamped("SIP/2.0/UDP host.example;RECEIVED=192.0.2.1;x=\"a;b\" , SIP/2.0/TCP other;branch=z9hG4bK2", "198.51.100.7:5060"));
    }

    [Fact]
    public void Apply_IPv6Source_ReceivedIsTheAddressWithoutBrackets()
    {
        Assert.Equal(
            "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK3;received=2001:db8::9",
            Stamped("SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK3", "[2001:db8::9]:5070"));
    }

    [Fact]
    public void Apply_SentFromTheAddressItClaimsWithoutRPort_HeaderUntouched()
    {
        var request = Request("SIP/2.0/UDP 192.0.2.4:5060;branch=z9hG4bK4");
        var before = request.Headers[request.Headers.IndexOf(SipHeaderKind.Via)].RawValue;

        SipViaStamp.Apply(request, IPEndPoint.Parse("192.0.2.4:5060"));

        Assert.True(before.Equals(request.Headers[request.Headers.IndexOf(SipHeaderKind.Via)].RawValue));
    }

    [Fact]
    public void Apply_ManyValuelessRPorts_EachFilledWithoutOverrunningTheBuffer()
    {
        var via = "SIP/2.0/UDP 10.0.0.7;branch=z9hG4bK5" + string.Concat(Enumerable.Repeat(";rport", 40));

        var stamped = Stamped(via, "[2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff]:65535");

        Assert.Equal(40, stamped.Split(";rport=65535").Length - 1);
        Assert.EndsWith(";received=2001:db8:aaaa:bbbb:cccc:dddd:eeee:ffff", stamped, StringComparison.Ordinal);
    }
}
