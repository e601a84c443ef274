using System.Text;

namespace HomeTelco.Sip.Messages;

/// Builds a response to a request as RFC 3261 §8.2.6 prescribes: the Vias (all, in order), From, Call-ID and CSeq
/// copied verbatim; To copied, with a tag added unless it has one or this is 100 Trying; Timestamp echoed on 100.
internal static class SipResponseBuilder
{
    public static SipMessage CreateResponse(SipMessage request, int statusCode, string? reasonPhrase = null, string? toTag = null)
    {
        var headers = new SipHeaderCollection(8);
        foreach (var header in request.Headers)
        {
            switch (header.Kind)
            {
                case SipHeaderKind.Via:
                case SipHeaderKind.From:
                case SipHeaderKind.CallId:
                case SipHeaderKind.CSeq:
                    headers.Add(header);
                    break;
                case SipHeaderKind.To:
                    headers.Add(statusCode == 100 || HasTag(request, header) ? header : WithTag(header, toTag ?? NewTag()));
                    break;
                case SipHeaderKind.Timestamp when statusCode == 100:
                    // §8.2.6.1: echoed so the client can measure the round trip.
                    headers.Add(header);
                    break;
            }
        }

        headers.Set(SipHeaderKind.ContentLength, "0");
        return SipMessage.CreateResponse(statusCode, reasonPhrase ?? SipReasonPhrases.Get(statusCode), headers);
    }

    /// 32 random bits or more, as §19.3 asks of tags; hex keeps it a token.
    public static string NewTag() => Syntax.SipRandomHex.Create();

    // The request's To is parsed (and kept) once for the validator, the registrar and this.
    private static bool HasTag(SipMessage request, SipHeader to)
    {
        var parsed = request.GetTo();
        return parsed.IsSuccess ? parsed.Value.Tag is not null : to.RawValue.Span.IndexOf(";tag="u8) >= 0;
    }

    private static SipHeader WithTag(SipHeader to, string tag)
    {
        var value = to.RawValue.Span;
        var suffix = Encoding.ASCII.GetBytes(";tag=" + tag);
        var combined = new byte[value.Length + suffix.Length];
        value.CopyTo(combined);
        suffix.CopyTo(combined.AsSpan(value.Length));
        return new SipHeader(to.RawName, combined, SipHeaderKind.To);
    }
}
