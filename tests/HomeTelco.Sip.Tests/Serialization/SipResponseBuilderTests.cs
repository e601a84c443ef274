using System.Text;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Parsing;
using HomeTelco.Sip.Serialization;

namespace HomeTelco.Sip.Tests.Serialization;

public sealed class SipResponseBuilderTests
{
    private static SipMessage Request() => SipParser.Parse(Encoding.UTF8.GetBytes(
        "INVITE sip:bob@example.com SIP/2.0\r\n" +
        "Via: SIP/2.0/UDP proxy.example.com;branch=z9hG4bK2\r\n" +
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1;received=192.0.2.1\r\n" +
        "Max-Forwards: 69\r\n" +
        "To: Bob <sip:bob@example.com>\r\n" +
        "From: Alice <sip:alice@example.com>;tag=1928301774\r\n" +
        "Call-ID: a84b4c76e66710\r\n" +
        "CSeq: 314159 INVITE\r\n" +
        "Timestamp: 54\r\n" +
        "Contact: <sip:alice@10.0.0.1>\r\n" +
        "Content-Length: 0\r\n\r\n"), SipFraming.Stream).Message!;

    [Fact]
    public void CreateResponse_Final_CopiesDialogHeadersAndAddsToTag()
    {
        var response = SipResponseBuilder.CreateResponse(Request(), 486, toTag: "abc");

        Assert.Equal((486, "Busy Here"), (response.StatusCode, response.ReasonPhrase));
        Assert.Equal(2, response.GetVias().Value!.Count);
        Assert.Equal("z9hG4bK2", response.GetTopVia().Value!.Branch);
        Assert.Equal("Bob <sip:bob@example.com>;tag=abc", response.Headers.GetFirstValue("To"));
        Assert.Equal("1928301774", response.GetFrom().Value!.Tag);
        Assert.Equal("a84b4c76e66710", response.GetCallId());
        Assert.Equal("314159 INVITE", response.GetCSeq().Value!.ToString());
        Assert.Null(response.Headers.GetFirstValue("Timestamp"));
        Assert.Null(response.Headers.GetFirstValue("Contact"));
    }

    [Fact]
    public void CreateResponse_Trying_HasNoToTagAndEchoesTimestamp()
    {
        var response = SipResponseBuilder.CreateResponse(Request(), 100);

        Assert.Null(response.GetTo().Value!.Tag);
        Assert.Equal("54", response.Headers.GetFirstValue("Timestamp"));
    }

    [Fact]
    public void CreateResponse_ToAlreadyTagged_KeepsTag()
    {
        var request = Request();
        var headers = new SipHeaderCollection();
        foreach (var header in request.Headers)
        {
            headers.Add(header.Kind == SipHeaderKind.To ? new SipHeader("To", "<sip:bob@example.com>;tag=existing") : header);
        }

        var inDialog = SipParser.Parse(SipSerializer.ToArray(SipMessage.CreateRequest("BYE", request.RequestUri!, headers)), SipFraming.Stream).Message!;

        Assert.Equal("existing", SipResponseBuilder.CreateResponse(inDialog, 200).GetTo().Value!.Tag);
    }

    [Fact]
    public void CreateResponse_GeneratedTag_IsRandomToken()
    {
        var first = SipResponseBuilder.CreateResponse(Request(), 200).GetTo().Value!.Tag;
        var second = SipResponseBuilder.CreateResponse(Request(), 200).GetTo().Value!.Tag;

        Assert.NotEqual(first, second);
        Assert.Equal(16, first!.Length);
    }

    [Fact]
    public void CreateResponse_Serialized_ParsesBack()
    {
        var bytes = SipSerializer.ToArray(SipResponseBuilder.CreateResponse(Request(), 200, toTag: "t"));

        var parsed = SipParser.Parse(bytes, SipFraming.Stream);

        Assert.True(parsed.IsComplete);
        Assert.True(HomeTelco.Sip.Validation.SipMessageValidator.Validate(parsed.Message).IsValid);
    }
}
