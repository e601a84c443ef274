using System.Net;
using System.Net.NetworkInformation;

namespace HomeTelco.Sip.Engine;

/// <summary>
/// The domains the box is authoritative for (RFC 3261 §16.4 "the domain of the proxy"): its own IP addresses,
/// <c>&lt;name&gt;.local</c>, the realm and any configured names. Requests for anything else are foreign: only
/// authenticated phones of the box may send them, and only once trunks exist.
/// </summary>
internal sealed class SipDomains
{
    private static readonly TimeSpan AddressRefresh = TimeSpan.FromSeconds(30);

    private readonly Func<string> _boxName;
    private readonly IReadOnlyList<string> _configured;
    private readonly TimeProvider _time;
    private readonly Lock _refreshLock = new();
    private HashSet<IPAddress> _addresses = [];
    private long _refreshedAt = long.MinValue;

    /// <param name="boxName">The box's current name (the portal can change it), for <c>name.local</c>.</param>
    /// <param name="configured">Extra host names the box answers for (a DNS name pointing at it).</param>
    /// <param name="time">Clock for refreshing the interface addresses.</param>
    public SipDomains(Func<string> boxName, IReadOnlyList<string> configured, TimeProvider time)
    {
        _boxName = boxName;
        _configured = configured;
        _time = time;
    }

    /// <summary>True when <paramref name="host"/> (a SIP URI host: name, IPv4 or [IPv6]) names this box.</summary>
    public bool IsLocal(string host)
    {
        if (string.IsNullOrEmpty(host))
        {
            return false;
        }

        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (IPAddress.TryParse(bare, out var address))
        {
            return IsLocalAddress(address);
        }

        var name = bare.TrimEnd('.');
        if (string.Equals(name, "localhost", StringComparison.OrdinalIgnoreCase)
            || string.Equals(name, _boxName() + ".local", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        foreach (var configured in _configured)
        {
            if (string.Equals(name, configured, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for loopback and the addresses of this machine's interfaces.</summary>
    public bool IsLocalAddress(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address))
        {
            return true;
        }

        var now = _time.GetTimestamp();
        lock (_refreshLock)
        {
            if (_refreshedAt == long.MinValue || _time.GetElapsedTime(_refreshedAt, now) > AddressRefresh)
            {
                _addresses = ReadInterfaceAddresses();
                _refreshedAt = now;
            }

            return _addresses.Contains(address);
        }
    }

    private static HashSet<IPAddress> ReadInterfaceAddresses()
    {
        var addresses = new HashSet<IPAddress>();
        try
        {
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
            {
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                {
                    addresses.Add(unicast.Address);
                }
            }
        }
        catch (NetworkInformationException)
        {
            // Without the list only loopback and names count as local; the box stays usable.
        }

        return addresses;
    }
}
