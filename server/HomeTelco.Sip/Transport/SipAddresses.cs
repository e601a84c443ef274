using System.Net;

namespace HomeTelco.Sip.Transport;

/// <summary>Address helpers shared by the transports.</summary>
internal static class SipAddresses
{
    /// <summary>Dual-stack sockets report IPv4 peers as ::ffff:a.b.c.d; everything above the socket sees plain IPv4.</summary>
    public static IPEndPoint Normalize(IPEndPoint endPoint) =>
        endPoint.Address.IsIPv4MappedToIPv6 ? new IPEndPoint(endPoint.Address.MapToIPv4(), endPoint.Port) : endPoint;
}
