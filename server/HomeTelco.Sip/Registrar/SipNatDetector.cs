using System.Net;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Registrar;

/// <summary>
/// Whether a phone can be reached where it says it is. A REGISTER whose contact or Via names another address than
/// the packet came from went through NAT (or the phone does not know its own address): calls must then go back along
/// the flow the REGISTER came in on. Over TCP and the other stream transports the source port is the connection's
/// ephemeral port, so only the address is compared there.
/// </summary>
internal static class SipNatDetector
{
    public static bool ContactDiffers(SipUri contact, SipEndPoint source)
    {
        if (!TryParseHost(contact.Host, out var address) || !Normalize(address).Equals(Normalize(source.EndPoint.Address)))
        {
            return true;
        }

        return !source.IsReliable && (contact.Port ?? DefaultPort(contact)) != source.EndPoint.Port;
    }

    /// <summary>True when the top Via's sent-by is not the observed source (what RFC 3581 received/rport stamp records).</summary>
    public static bool ViaDiffers(SipMessage request, SipEndPoint source)
    {
        var via = request.GetTopVia();
        if (!via.IsSuccess)
        {
            return true;
        }

        if (!TryParseHost(via.Value.Host, out var address) || !Normalize(address).Equals(Normalize(source.EndPoint.Address)))
        {
            return true;
        }

        return !source.IsReliable && (via.Value.Port ?? 5060) != source.EndPoint.Port;
    }

    private static bool TryParseHost(string host, out IPAddress address)
    {
        var bare = host.Length > 1 && host[0] == '[' && host[^1] == ']' ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out address!);
    }

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;

    private static int DefaultPort(SipUri uri) =>
        uri.Scheme == SipUriScheme.Sips || string.Equals(uri.Transport, "tls", StringComparison.OrdinalIgnoreCase) ? 5061 : 5060;
}
