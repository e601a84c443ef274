using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// RFC 3261 §16.4: a strict router's Request-URI naming this proxy is replaced by the last Route entry; Route entries
/// naming this proxy at the top are removed (loose routing), and their flow tokens read.
/// </summary>
internal sealed class ProxyRouteProcessor(ProxyHop hop, SipFlowTokens tokens)
{
    /// <summary>Processes <paramref name="request"/>, which must be the proxy's own copy: its Route fields are rewritten.</summary>
    public ProxyRouting Process(SipMessage request)
    {
        var parsed = request.GetRoutes();
        var routes = parsed.IsSuccess ? parsed.Value : [];
        var flows = new List<SipEndPoint>(2);
        var badToken = false;
        var end = routes.Count;

        if (routes.Count > 0 && request.RequestUri is { } requestUri && hop.IsOurs(requestUri) && tokens.TryRead(requestUri.User, out var fromRequestUri))
        {
            // A strict router upstream put our Record-Route entry in the Request-URI and the real target last. (An
            // extension number there is an ordinary request with a preloaded Route, not a strict router.)
            flows.AddRange(fromRequestUri);
            end--;
            request = ProxyMessages.CopyRequest(request, routes[end].Uri!);
        }

        var popped = 0;
        while (popped < end && routes[popped].Uri is { } uri && hop.IsOurs(uri))
        {
            if (tokens.TryRead(uri.User, out var read))
            {
                flows.AddRange(read);
            }
            else
            {
                badToken |= uri.User is not null;
            }

            popped++;
        }

        if (popped > 0 || end < routes.Count)
        {
            ProxyMessages.ReplaceRoutes(request, routes.GetRange(0, end), popped);
        }

        return new ProxyRouting(request, flows, badToken, popped < end ? routes[popped].Uri : null);
    }
}
