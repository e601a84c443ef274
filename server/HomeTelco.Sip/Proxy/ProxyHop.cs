using System.Net;
using System.Net.Sockets;
using HomeTelco.Sip.Engine;
using HomeTelco.Sip.Transport;
using HomeTelco.Sip.Uris;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// The box as a hop on a request's path: which URIs name it (its domains on its SIP port), and which of its addresses
/// a given peer reaches it at, for the Via and Record-Route it adds. A box on several networks (LAN, VPN) must put
/// the address each side can reach, so the kernel's own route choice is asked, and the answer cached.
/// </summary>
internal sealed class ProxyHop
{
    private const int MaxCachedRoutes = 256;
    private static readonly TimeSpan RouteLifetime = TimeSpan.FromMinutes(1);
    private readonly SipDomains _domains;
    private readonly IPAddress? _listenAddress;
    private readonly TimeProvider _time;
    private readonly Func<IPAddress, IPAddress> _routeProbe;
    private readonly Dictionary<IPAddress, (IPAddress Source, long At)> _sourceFor = [];
    private readonly Lock _sourceForLock = new();

    /// <param name="domains">The names and addresses the box answers for.</param>
    /// <param name="port">The SIP port the listeners are bound to (UDP and TCP share it).</param>
    /// <param name="listenAddress">The address the listeners are bound to, or null for all.</param>
    /// <param name="time">Clock for forgetting route answers (a DHCP lease can move the box).</param>
    /// <param name="routeProbe">The local address toward a peer; the kernel's choice unless a test gives one.</param>
    /// <param name="tlsPort">The SIP TLS port, when TLS is on.</param>
    public ProxyHop(SipDomains domains, int port, IPAddress? listenAddress, TimeProvider time, Func<IPAddress, IPAddress>? routeProbe = null, int? tlsPort = null)
    {
        _domains = domains;
        Port = port;
        TlsPort = tlsPort;
        _time = time;
        _routeProbe = routeProbe ?? AskKernel;
        _listenAddress = listenAddress is null || listenAddress.Equals(IPAddress.Any) || listenAddress.Equals(IPAddress.IPv6Any) ? null : listenAddress;
    }

    public int Port { get; }

    public int? TlsPort { get; }

    /// <summary>
    /// True when <paramref name="uri"/> names this box: a SIP URI whose host is one of the box's domains and whose
    /// port, if given, is one of the box's SIP ports. Another phone on the same host has the same address but its own port.
    /// </summary>
    public bool IsOurs(SipUri uri) => uri.IsSip && (uri.Port is null || uri.Port == Port || uri.Port == TlsPort) && _domains.IsLocal(uri.Host);

    /// <summary>The domain check alone, for From and Request-URI hosts where the port does not decide (RFC 3261 §16.4).</summary>
    public bool IsOurDomain(SipUri uri) => uri.IsSip && _domains.IsLocal(uri.Host);

    /// <summary>
    /// host:port of this box as <paramref name="peer"/> reaches it over <paramref name="transport"/>, IPv6 in brackets.
    /// WebSocket clients never connect to a SIP URI (they reuse their socket), so their entries carry no port.
    /// </summary>
    public string HostPortToward(IPAddress peer, SipTransportKind transport)
    {
        var address = SourceToward(peer);
        var host = address.AddressFamily == AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();
        int? port = transport switch
        {
            SipTransportKind.Tls => TlsPort ?? Port,
            SipTransportKind.Ws or SipTransportKind.Wss => null,
            _ => Port,
        };
        return port is { } p ? host + ":" + p.ToString(System.Globalization.CultureInfo.InvariantCulture) : host;
    }

    /// <summary>The local address packets to <paramref name="peer"/> leave from.</summary>
    public IPAddress SourceToward(IPAddress peer)
    {
        if (_listenAddress is not null)
        {
            return _listenAddress;
        }

        if (peer.IsIPv4MappedToIPv6)
        {
            peer = peer.MapToIPv4();
        }

        var now = _time.GetTimestamp();
        lock (_sourceForLock)
        {
            if (_sourceFor.TryGetValue(peer, out var cached) && _time.GetElapsedTime(cached.At, now) < RouteLifetime)
            {
                return cached.Source;
            }
        }

        var source = _routeProbe(peer);
        lock (_sourceForLock)
        {
            if (_sourceFor.Count >= MaxCachedRoutes)
            {
                // Addresses change rarely and peers are few; starting over is simpler than an LRU and still bounded.
                _sourceFor.Clear();
            }

            _sourceFor[peer] = (source, now);
        }

        return source;
    }

    /// <summary>Connecting a UDP socket sends nothing; it only makes the kernel pick the route and source address.</summary>
    private static IPAddress AskKernel(IPAddress peer)
    {
        try
        {
            using var probe = new Socket(peer.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            probe.Connect(new IPEndPoint(peer, 9));
            return ((IPEndPoint)probe.LocalEndPoint!).Address;
        }
        catch (SocketException)
        {
            // No route to the peer: nothing will reach it anyway; loopback keeps the header well formed.
            return peer.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        }
    }
}
