using System.Net;

namespace HomeTelco.Sip.Transport;

/// <summary>Listener settings and the limits that keep hostile peers from exhausting the box.</summary>
internal sealed record SipTransportOptions
{
    /// <summary>UDP and TCP port; 0 turns SIP off (every transport).</summary>
    public int Port { get; init; } = 5060;

    /// <summary>SIP over TLS port; 0 turns TLS off.</summary>
    public int TlsPort { get; init; }

    /// <summary>Address to bind; null binds every IPv4 and IPv6 address.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>Stream connections open at once: TCP, TLS and WebSocket, accepted and opened, all together.</summary>
    public int MaxConnections { get; init; } = 256;

    /// <summary>Accepted stream connections one remote address may hold over all stream transports (a phone needs one or two).</summary>
    public int MaxConnectionsPerSource { get; init; } = 8;

    /// <summary>
    /// A connection the peer sends nothing on for this long is closed; RFC 5626 CRLF keep-alives count as traffic, and a
    /// connection pinned by a registration stays open until its pin lapses.
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>
    /// A peer that takes longer than this to finish a message it started is cut off (slowloris), and so is one that does
    /// not take a message the box is writing to it within this time.
    /// </summary>
    public TimeSpan MessageTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>A TLS peer must finish its handshake within this time of connecting.</summary>
    public TimeSpan TlsHandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>An outbound connection (TCP connect and, for TLS, the handshake) must be up within this time.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages waiting on one connection; a peer that lets more pile up is closed as too slow.</summary>
    public int MaxQueuedMessages { get; init; } = 64;

    /// <summary>Bytes waiting on one connection; past this the peer is closed as too slow.</summary>
    public int MaxQueuedBytes { get; init; } = 256 * 1024;

    /// <summary>Largest message accepted on any transport.</summary>
    public int MaxMessageSize { get; init; } = 65535;

    /// <summary>How often NAT'd UDP flows get a keep-alive datagram; zero turns server keep-alives off.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Whether certificates of peers the box connects to over TLS are checked against the system's trusted roots. Off,
    /// because phones present self-signed certificates and the box only connects to contacts learned from authenticated
    /// registrations; a trunk to a public provider will want it on.
    /// </summary>
    public bool ValidateOutboundTlsCertificates { get; init; }
}
