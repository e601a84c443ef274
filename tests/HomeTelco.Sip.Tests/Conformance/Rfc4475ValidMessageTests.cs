using System.Text;
using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using static HomeTelco.Sip.Tests.Conformance.TortureAssert;

namespace HomeTelco.Sip.Tests.Conformance;

// RFC 4475 §3.1.1: valid messages parse and every header reads as the RFC explains.
public sealed class Rfc4475ValidMessageTests
{
    [Theory]
    [InlineData("wsinv")]
    [InlineData("intmeth")]
    [InlineData("esc01")]
    [InlineData("escnull")]
    [InlineData("esc02")]
    [InlineData("lwsdisp")]
    [InlineData("longreq")]
    [InlineData("dblreq")]
    [InlineData("semiuri")]
    [InlineData("transports")]
    [InlineData("mpart01")]
    [InlineData("unreason")]
    [InlineData("noreason")]
    public void Parse_ValidTortureMessage_ReadsHeadersAsRfcDescribes(string name)
    {
        switch (name)
        {
            case "wsinv": AssertWsinv(); break;
            case "intmeth": AssertIntmeth(); break;
            case "esc01": AssertEsc01(); break;
            case "escnull": AssertEscnull(); break;
            case "esc02": AssertEsc02(); break;
            case "lwsdisp": AssertLwsdisp(); break;
            case "longreq": AssertLongreq(); break;
            case "dblreq": AssertDblreq(); break;
            case "semiuri": AssertSemiuri(); break;
            case "transports": AssertTransports(); break;
            case "mpart01": AssertMpart01(); break;
            case "unreason": AssertUnreason(); break;
            case "noreason": AssertNoreason(); break;
            default: Assert.Fail("no expectation for " + name); break;
        }
    }

    private static void AssertWsinv()
    {
        var m = ValidRequest("wsinv");
        Assert.Equal("INVITE", m.Method);
        Assert.True(m.RequestUri!.HasParameter("unknownparam"));
        Assert.Equal("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n", m.Headers.GetFirstValue("To"));
        Assert.Equal("1918181833n", m.GetTo().Value!.Tag);
        var from = m.GetFrom().Value!;
        Assert.Equal("J Rosenberg \\\"", from.DisplayName);
        Assert.Equal("98asjd8", from.Tag);
        Assert.True(m.TryGetMaxForwards(out var hops));
        Assert.Equal(68, hops);
        Assert.Equal(new SipCSeq(9, "INVITE"), m.GetCSeq().Value);
        Assert.Equal(string.Empty, m.Headers.GetFirstValue("Subject"));
        Assert.Equal("newfangled value continued newfangled value", m.Headers.GetFirstValue("NewFangledHeader"));
        Assert.Equal(";;,,;;,;", m.Headers.GetFirstValue("UnknownHeaderWithUnusualValue"));
        var vias = m.GetVias().Value!;
        Assert.Equal(3, vias.Count);
        Assert.Equal(("UDP", "192.0.2.2", "390skdjuw"), (vias[0].Transport, vias[0].Host, vias[0].Branch));
        Assert.Equal(("TCP", "spindle.example.com", "z9hG4bK9ikj8"), (vias[1].Transport, vias[1].Host, vias[1].Branch));
        Assert.Equal(("UDP", "192.168.255.111", "z9hG4bK30239"), (vias[2].Transport, vias[2].Host, vias[2].Branch));
        var route = Assert.Single(m.GetRoutes().Value!);
        Assert.True(route.Uri!.IsLooseRouter);
        Assert.Equal("value", route.Uri.GetParameter("unknownwith"));
        var contact = Assert.Single(m.GetContacts().Value!);
        Assert.Equal("Quoted string \"\"", contact.DisplayName);
        Assert.Equal("newvalue", contact.Get("newparam"));
        Assert.True(contact.Has("secondparam"));
        Assert.Equal(330, contact.QualityPerMille);
        Assert.Equal(150, m.Body.Length);
    }

    private static void AssertIntmeth()
    {
        var m = ValidRequest("intmeth");
        Assert.Equal("!interesting-Method0123456789_*+`.%indeed'~", m.Method);
        Assert.Equal("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", m.RequestUri!.User);
        Assert.Equal("&it+has=1,weird!*pas$wo~d_too.(doesn't-it)", m.RequestUri.Password);
        Assert.Equal("example.com", m.RequestUri.Host);
        Assert.Equal("BEL:\a NUL:\0 DEL:\x7F", m.GetTo().Value!.DisplayName);
        var from = m.GetFrom().Value!;
        Assert.Equal("token1~` token2'+_ token3*%!.-", from.DisplayName);
        Assert.Equal("_token~1'+`*%!-.", from.Tag);
        Assert.StartsWith("\"", from.Get("fromParam''~+*_!.-%"), StringComparison.Ordinal);
        Assert.Equal("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{", m.GetCallId());
        Assert.Equal(m.Method, m.GetCSeq().Value!.Method);
        Assert.True(m.TryGetMaxForwards(out var hops));
        Assert.Equal(255, hops);
        Assert.NotNull(m.Headers.GetFirstValue("extensionHeader-!.%*+_`'~"));
    }

    private static void AssertEsc01()
    {
        var m = ValidRequest("esc01");
        Assert.Equal("sips:user@example.com", m.RequestUri!.User);
        Assert.Equal("example.net", m.RequestUri.Host);
        var to = m.GetTo().Value!.Uri!;
        Assert.Equal("user", to.User);
        Assert.True(to.IsEquivalentTo(SipUriFor("sip:user@example.com")));
        Assert.Equal("I have spaces", m.GetFrom().Value!.Uri!.User);
        var contact = Assert.Single(m.GetContacts().Value!).Uri!;
        Assert.Equal("caller", contact.User);
        Assert.True(contact.IsLooseRouter);
        Assert.Equal("value%41", contact.GetParameter("name"));
    }

    private static void AssertEscnull()
    {
        var m = ValidRequest("escnull");
        Assert.Equal("null-\0-null", m.GetTo().Value!.Uri!.User);
        Assert.Equal("null-\0-null", m.GetFrom().Value!.Uri!.User);
        var contacts = m.GetContacts().Value!;
        Assert.Equal(["\0", "\0\0"], contacts.Select(c => c.Uri!.User));
    }

    private static void AssertEsc02()
    {
        var m = ValidRequest("esc02");
        Assert.Equal("RE%47IST%45R", m.Method);
        Assert.Equal("RE%47IST%45R", m.GetCSeq().Value!.Method);
        Assert.Equal("%Z%45", m.GetTo().Value!.DisplayName);
        Assert.Equal("z9hG4bK209%fzsnel234", m.GetTopVia().Value!.Branch);
        // "C%6Fntact" is an unknown header, not an escaped Contact: header names are never unescaped.
        Assert.Equal(2, m.GetContacts().Value!.Count);
        Assert.Equal("<sip:alias2@host2.example.com>", m.Headers.GetFirstValue("C%6Fntact"));
    }

    private static void AssertLwsdisp()
    {
        var from = ValidRequest("lwsdisp").GetFrom().Value!;
        Assert.Equal("caller", from.DisplayName);
        Assert.Equal("323", from.Tag);
    }

    private static void AssertLongreq()
    {
        var m = ValidRequest("longreq");
        var to = m.GetTo().Value!;
        Assert.Equal("I have a user name of " + string.Concat(Enumerable.Repeat("extreme", 10)) + " proportion", to.DisplayName);
        Assert.Equal(6000, to.Uri!.Port);
        Assert.Equal(34, m.GetVias().Value!.Count);
        Assert.Equal("192.0.2.5", m.GetVias().Value![^1].Received);
        Assert.StartsWith("amazinglylongcallername", m.GetFrom().Value!.Uri!.User, StringComparison.Ordinal);
        Assert.Equal(141, m.GetCallId()!.Length);
        Assert.Equal(150, m.Body.Length);
        Assert.Contains(m.Headers, h => h.Name.StartsWith("Unknown-LongLong", StringComparison.Ordinal) && h.RawName.Length > 80);
    }

    private static void AssertDblreq()
    {
        var bytes = TortureMessages.Load("dblreq");
        var datagram = SipParser.Parse(bytes, SipFraming.Datagram);
        Assert.True(datagram.IsComplete);
        Assert.True(datagram.TrailingBytesDiscarded);
        Assert.Equal("REGISTER", datagram.Message.Method);
        Assert.Equal("dblreq.0ha0isndaksdj99sdfafnl3lk233412", datagram.Message.GetCallId());
        Assert.Equal(0, datagram.Message.Body.Length);

        // On a stream the same bytes are two messages.
        var first = SipParser.Parse(bytes, SipFraming.Stream);
        Assert.True(first.IsComplete);
        var second = SipParser.Parse(bytes.AsMemory(first.Consumed), SipFraming.Stream);
        Assert.True(second.IsComplete);
        Assert.Equal("INVITE", second.Message.Method);
        Assert.Equal(150, second.Message.Body.Length);
        Assert.Equal("sip:joe@example.com", second.Message.Headers.GetFirstValue("To"));
    }

    private static void AssertSemiuri()
    {
        var uri = ValidRequest("semiuri").RequestUri!;
        Assert.Equal("user;par=u@example.net", uri.User);
        Assert.Equal("example.com", uri.Host);
        Assert.Empty(uri.Parameters);
    }

    private static void AssertTransports()
    {
        var m = ValidRequest("transports");
        Assert.Equal(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"], m.GetVias().Value!.Select(v => v.Transport));
        Assert.Equal("transports.kijh4akdnaqjkwendsasfdj", m.GetCallId());
    }

    private static void AssertMpart01()
    {
        var m = ValidRequest("mpart01");
        Assert.Equal(553, m.Body.Length);
        Assert.Equal("multipart/mixed;boundary=7a9cbec02ceef655", m.Headers.GetFirstValue("Content-Type"));
        Assert.True(m.Body.Span.EndsWith("--7a9cbec02ceef655--\r\n"u8));
        var via = m.GetTopVia().Value!;
        Assert.True(via.HasRPort);
        Assert.Null(via.RPort);
        Assert.Equal(5070, via.Port);
    }

    private static void AssertUnreason()
    {
        var m = ParseComplete("unreason");
        Assert.False(m.IsRequest);
        Assert.Equal(200, m.StatusCode);
        Assert.Equal("= 2**3 * 5**2 но сто девяносто девять - простое", m.ReasonPhrase);
        Assert.True(HomeTelco.Sip.Validation.SipMessageValidator.Validate(m).IsValid);
    }

    private static void AssertNoreason()
    {
        var m = ParseComplete("noreason");
        Assert.Equal(100, m.StatusCode);
        Assert.Equal(string.Empty, m.ReasonPhrase);
        Assert.True(HomeTelco.Sip.Validation.SipMessageValidator.Validate(m).IsValid);
    }

    private static HomeTelco.Sip.Uris.SipUri SipUriFor(string text) => HomeTelco.Sip.Uris.SipUriParser.Parse(Encoding.UTF8.GetBytes(text)).Value!;
}
