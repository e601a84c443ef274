using System.Net;
using System.Net.Sockets;

namespace HomeTelco.Media.Playback;

/// <summary>
/// Whether a client is at home: loopback, RFC 1918, link-local, CGNAT-free private ranges and IPv6 ULA
/// count as local; anything else is remote and gets a lower default quality.
/// </summary>
public static class NetworkLocality
{
    /// <summary>Highest rung offered by default to a remote client.</summary>
    public const int RemoteMaxHeight = 480;

    public static bool IsLocal(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            Span<byte> b = stackalloc byte[4];
            address.TryWriteBytes(b, out _);
            return b[0] == 10
                || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254);
        }

        return address.IsIPv6LinkLocal || address.IsIPv6UniqueLocal;
    }
}
