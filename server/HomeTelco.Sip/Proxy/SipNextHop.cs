using System.Net;
using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// Where a URI says to send (RFC 3263 reduced to what needs no lookup): an IP address host, its port or 5060, UDP
/// unless <c>transport=tcp</c>. Host names would need DNS, which must not run under the transaction lock; phones of
/// the box are reached through their flows instead, and trunks (a later issue) will resolve their names ahead of time.
/// </summary>
internal static class SipNextHop
{
    public const int DefaultPort = 5060;

    /// <summary>The destination, or null when the URI names no address this engine can reach without DNS.</summary>
    public static SipEndPoint? Resolve(SipUri uri)
    {
        if (uri.Scheme != SipUriScheme.Sip)
        {
            // sips needs TLS, which the transports do not offer yet.
            return null;
        }

        var host = uri.MAddr ?? uri.Host;
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (!IPAddress.TryParse(bare, out var address))
        {
            return null;
        }

        var transport = uri.Transport;
        SipTransportKind kind;
        if (transport is null || string.Equals(transport, "udp", StringComparison.OrdinalIgnoreCase))
        {
            kind = SipTransportKind.Udp;
        }
        else if (string.Equals(transport, "tcp", StringComparison.OrdinalIgnoreCase))
        {
            kind = SipTransportKind.Tcp;
        }
        else
        {
            return null;
        }

        return new SipEndPoint(kind, new IPEndPoint(address, uri.Port ?? DefaultPort));
    }
}
