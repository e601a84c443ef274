using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// RFC 3261 §16.3 request validation beyond what the front door already did (syntax, URI scheme): Max-Forwards and
/// Proxy-Require. Loop detection (step 4) is left out, as the RFC allows: Max-Forwards ends a loop within 70 hops.
/// </summary>
internal static class ProxyRequestCheck
{
    /// <summary>The error response to send, or null when the request may be proxied.</summary>
    public static SipMessage? Check(SipMessage request)
    {
        if (request.TryGetMaxForwards(out var hops) && hops == 0)
        {
            return SipResponseBuilder.CreateResponse(request, 483);
        }

        var required = request.GetTokens(SipHeaderKind.ProxyRequire);
        if (required is { Count: > 0 })
        {
            // No proxy extension is implemented yet, so every option tag is one this element does not understand.
            var response = SipResponseBuilder.CreateResponse(request, 420);
            response.Headers.Set(SipHeaderKind.Unsupported, string.Join(", ", required));
            return response;
        }

        return null;
    }
}
