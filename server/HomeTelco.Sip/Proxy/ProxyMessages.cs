using System.Text;
using HomeTelco.Sip.Headers;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Syntax;
using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// Copies and header edits the proxy makes (RFC 3261 §16.6, §16.7 step 3). Copies share the received header and body
/// bytes (they are immutable slices) and only get their own header list, so a branch costs a list, not a reparse.
/// </summary>
internal static class ProxyMessages
{
    /// <summary>A copy of <paramref name="request"/> with its own header list, optionally with a new Request-URI.</summary>
    public static SipMessage CopyRequest(SipMessage request, SipUri? requestUri = null, string? rawRequestUri = null)
    {
        var headers = new SipHeaderCollection(request.Headers.Count + 4);
        foreach (var header in request.Headers)
        {
            headers.Add(header);
        }

        var raw = requestUri is null ? request.RawRequestUri : Encoding.UTF8.GetBytes(rawRequestUri ?? requestUri.ToString());
        return SipMessage.FromParsedRequest(request.Method, raw, requestUri ?? request.RequestUri, request.Version, headers, request.Body);
    }

    /// <summary>A copy of <paramref name="response"/> without its topmost via-parm: the one this proxy added.</summary>
    public static SipMessage WithoutTopVia(SipMessage response)
    {
        var headers = new SipHeaderCollection(response.Headers.Count);
        var removed = false;
        foreach (var header in response.Headers)
        {
            if (!removed && header.Kind == SipHeaderKind.Via)
            {
                removed = true;
                var value = header.RawValue;
                var end = SipViaStamp.FirstViaParmEnd(value.Span);
                if (end < value.Length)
                {
                    // The peer folded several Vias into one field: keep the rest of it (a slice, not a copy).
                    var rest = value[(end + 1)..];
                    headers.Add(new SipHeader(header.RawName, rest[SipCursor.SkipWhitespace(rest.Span, 0)..], SipHeaderKind.Via));
                }

                continue;
            }

            headers.Add(header);
        }

        return SipMessage.FromParsedResponse(response.Version, response.StatusCode, response.ReasonPhrase, headers, response.Body);
    }

    /// <summary>Sets Max-Forwards one lower, or to 70 when the request had none (§16.6 step 3).</summary>
    public static void DecrementMaxForwards(SipMessage request)
    {
        var hops = request.TryGetMaxForwards(out var value) ? Math.Max(value - 1, 0) : ProxyOptions.DefaultMaxForwards;
        request.Headers.Set(SipHeaderKind.MaxForwards, hops.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Puts a Via on top (§16.6 step 8).</summary>
    public static void PushVia(SipMessage request, string value) => request.Headers.Insert(0, new SipHeader("Via", value));

    /// <summary>Replaces every Route field with one field per remaining entry, in order.</summary>
    public static void ReplaceRoutes(SipMessage request, IReadOnlyList<SipNameAddress> remaining, int skip)
    {
        var first = request.Headers.IndexOf(SipHeaderKind.Route);
        request.Headers.RemoveAll(SipHeaderKind.Route);
        var at = first < 0 ? request.Headers.Count : first;
        for (var i = skip; i < remaining.Count; i++)
        {
            request.Headers.Insert(at++, new SipHeader("Route", Format(remaining[i])));
        }
    }

    /// <summary>Route fields for <paramref name="values"/> (Path entries of a binding) placed above any Route already there.</summary>
    public static void PrependRoutes(SipMessage request, IReadOnlyList<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var at = request.Headers.IndexOf(SipHeaderKind.Route);
        at = at < 0 ? AfterVias(request) : at;
        foreach (var value in values)
        {
            request.Headers.Insert(at++, new SipHeader("Route", value));
        }
    }

    /// <summary>Record-Route fields placed above those of earlier proxies, topmost first.</summary>
    public static void PrependRecordRoutes(SipMessage request, IReadOnlyList<string> values)
    {
        var at = request.Headers.IndexOf(SipHeaderKind.RecordRoute);
        at = at < 0 ? AfterVias(request) : at;
        foreach (var value in values)
        {
            request.Headers.Insert(at++, new SipHeader("Record-Route", value));
        }
    }

    /// <summary>Removes the Proxy-Authorization meant for this proxy's realm (§22.3): the next hop has no use for it.</summary>
    public static void RemoveOwnCredentials(SipMessage request, string realm)
    {
        for (var i = request.Headers.Count - 1; i >= 0; i--)
        {
            var header = request.Headers[i];
            if (header.Kind != SipHeaderKind.ProxyAuthorization)
            {
                continue;
            }

            var credentials = SipCredentials.Parse(header.RawValue.Span);
            if (credentials.IsSuccess && string.Equals(credentials.Value.Get("realm"), realm, StringComparison.Ordinal))
            {
                request.Headers.RemoveAt(i);
            }
        }
    }

    /// <summary>A name-addr as it goes on the wire: optional quoted display name, the URI in brackets, parameters.</summary>
    public static string Format(SipNameAddress address)
    {
        var text = new StringBuilder(96);
        if (!string.IsNullOrEmpty(address.DisplayName))
        {
            text.Append('"').Append(address.DisplayName.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\" ");
        }

        text.Append('<').Append(address.Uri?.ToString()).Append('>');
        foreach (var parameter in address.Parameters)
        {
            text.Append(';').Append(parameter.Name);
            if (parameter.Value is not null)
            {
                text.Append('=').Append(parameter.Value);
            }
        }

        return text.ToString();
    }

    private static int AfterVias(SipMessage request)
    {
        var at = 0;
        while (at < request.Headers.Count && request.Headers[at].Kind == SipHeaderKind.Via)
        {
            at++;
        }

        return at;
    }
}
