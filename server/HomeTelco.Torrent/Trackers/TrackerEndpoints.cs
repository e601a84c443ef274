using System.Net;
using System.Net.Sockets;

namespace HomeTelco.Torrent.Trackers;

/// <summary>Turns a tracker URL's host into an address; never throws for a name that does not resolve.</summary>
internal static class TrackerEndpoints
{
    public static async Task<IPEndPoint?> ResolveAsync(Uri uri, CancellationToken cancellationToken)
    {
        if (uri.Port <= 0)
        {
            return null;
        }

        // DnsSafeHost drops the brackets of an IPv6 literal.
        var host = uri.DnsSafeHost;
        if (IPAddress.TryParse(host, out var literal))
        {
            return new IPEndPoint(literal, uri.Port);
        }

        try
        {
            var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken).ConfigureAwait(false);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
            return chosen is null ? null : new IPEndPoint(chosen, uri.Port);
        }
        catch (SocketException)
        {
            return null;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}
