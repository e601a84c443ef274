using System.Globalization;
using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Validation;

/// Checks beyond framing that a server makes before processing (RFC 3261 §8.2, §16.3, §18.1.2), in the order that
/// gives the most useful answer. Max-Forwards is checked when present but not required: RFC 3261 §16.3 step 3 lets a
/// request without it through, and RFC 2543 elements (RFC 4475 inv2543) never send it.
internal static class SipMessageValidator
{
    private static readonly SipHeaderKind[] SingleValued =
        [SipHeaderKind.To, SipHeaderKind.From, SipHeaderKind.CSeq, SipHeaderKind.CallId, SipHeaderKind.MaxForwards, SipHeaderKind.ContentLength];

    public static SipValidationResult Validate(SipMessage message) =>
        message.IsRequest ? ValidateRequest(message) : ValidateResponse(message);

    public static SipValidationResult ValidateRequest(SipMessage request)
    {
        if (!request.Headers.Contains(SipHeaderKind.Via))
        {
            return SipValidationResult.Discard("No Via header: nowhere to send a response");
        }

        if (!request.GetVias().IsSuccess)
        {
            // The response copies the Via verbatim and goes back to the packet's source (RFC 3581 style), so a 400 can
            // still be sent; RFC 4475 badinv01 asks for exactly that.
            return Bad("Malformed Via header");
        }

        foreach (var kind in (ReadOnlySpan<SipHeaderKind>)[SipHeaderKind.To, SipHeaderKind.From, SipHeaderKind.CSeq, SipHeaderKind.CallId])
        {
            if (!request.Headers.Contains(kind))
            {
                return Bad("Missing " + SipHeaderNames.GetCanonicalName(kind) + " header");
            }
        }

        var common = CheckCommon(request);
        if (common is not null)
        {
            return common;
        }

        var cseq = request.GetCSeq().Value!;
        if (!string.Equals(cseq.Method, request.Method, StringComparison.Ordinal))
        {
            // RFC 4475 mismatch02 prefers 501 for an unknown method but accepts 400; 400 is right for both cases.
            return Bad("CSeq method does not match request method");
        }

        if (request.Headers.Contains(SipHeaderKind.MaxForwards) && !request.TryGetMaxForwards(out _))
        {
            return Bad("Invalid Max-Forwards");
        }

        foreach (var kind in (ReadOnlySpan<SipHeaderKind>)[SipHeaderKind.Require, SipHeaderKind.ProxyRequire, SipHeaderKind.Supported])
        {
            if (!request.HasValidTokens(kind))
            {
                return Bad("Invalid " + SipHeaderNames.GetCanonicalName(kind) + " header");
            }
        }

        if (!request.GetRoutes().IsSuccess || !request.GetRecordRoutes().IsSuccess)
        {
            return Bad("Invalid Route or Record-Route header");
        }

        if (request.Headers.TryGetFirst(SipHeaderKind.Date, out var date)
            && !DateTime.TryParseExact(date.Value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out _))
        {
            // RFC 3261 §20.17: rfc1123-date in GMT only (RFC 4475 baddate).
            return Bad("Invalid Date header");
        }

        var uri = request.RequestUri;
        if (uri is null)
        {
            return Bad("Invalid Request-URI");
        }

        if (uri.Scheme is SipUriScheme.Other)
        {
            return SipValidationResult.Reject(416, "Unsupported URI Scheme");
        }

        if (uri.Headers.Count > 0)
        {
            // RFC 3261 §19.1.1 table: headers are not allowed in a Request-URI (RFC 4475 escruri).
            return Bad("Request-URI must not contain headers");
        }

        if (string.Equals(request.Method, "REGISTER", StringComparison.Ordinal) && request.GetTo().Value!.Uri is not { IsSip: true })
        {
            // RFC 3261 §10.3: the address-of-record is a SIP or SIPS URI (RFC 4475 unksm2).
            return Bad("To header of a REGISTER must be a SIP or SIPS URI");
        }

        return SipValidationResult.Valid;
    }

    /// A response that fails any check is dropped: nobody answers a response (RFC 4475 bigcode, scalarlg).
    public static SipValidationResult ValidateResponse(SipMessage response)
    {
        if (!response.GetVias().IsSuccess || !response.Headers.Contains(SipHeaderKind.Via))
        {
            return SipValidationResult.Discard("Missing or malformed Via");
        }

        foreach (var kind in (ReadOnlySpan<SipHeaderKind>)[SipHeaderKind.To, SipHeaderKind.From, SipHeaderKind.CSeq, SipHeaderKind.CallId])
        {
            if (!response.Headers.Contains(kind))
            {
                return SipValidationResult.Discard("Missing " + SipHeaderNames.GetCanonicalName(kind));
            }
        }

        var common = CheckCommon(response);
        return common is null ? SipValidationResult.Valid : SipValidationResult.Discard(common.ReasonPhrase);
    }

    private static SipValidationResult? CheckCommon(SipMessage message)
    {
        foreach (var kind in SingleValued)
        {
            if (message.Headers.CountOf(kind) > 1)
            {
                return Bad("Multiple " + SipHeaderNames.GetCanonicalName(kind) + " header fields");
            }
        }

        if (!message.Headers.TryGetFirst(SipHeaderKind.CallId, out var callId) || !SipScalarHeaders.IsValidCallId(callId.RawValue.Span))
        {
            return Bad("Invalid Call-ID");
        }

        var cseq = message.GetCSeq();
        if (!cseq.IsSuccess)
        {
            return Bad("Invalid CSeq: " + cseq.Error);
        }

        var from = message.GetFrom();
        if (!from.IsSuccess)
        {
            return Bad("Invalid From header: " + from.Error);
        }

        var to = message.GetTo();
        if (!to.IsSuccess)
        {
            return Bad("Invalid To header: " + to.Error);
        }

        if (!message.GetContacts().IsSuccess)
        {
            return Bad("Invalid Contact header");
        }

        if (message.Headers.Contains(SipHeaderKind.ContentLength)
            && (!message.TryGetContentLength(out var declared) || declared > message.Body.Length))
        {
            return Bad("Content-Length larger than message body");
        }

        return null;
    }

    private static SipValidationResult Bad(string reason) => SipValidationResult.Reject(400, reason);
}
