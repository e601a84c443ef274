using System.Net;

namespace HomeTelco.Sip.Transport;

/// <summary>Listener settings and the limits that keep hostile peers from exhausting the box.</summary>
internal sealed record SipTransportOptions
{
    /// <summary>UDP and TCP port; 0 turns SIP off.</summary>
    public int Port { get; init; } = 5060;

    /// <summary>Address to bind; null binds every IPv4 and IPv6 address.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>TCP connections open at once, all sources together.</summary>
    public int MaxTcpConnections { get; init; } = 256;

    /// <summary>TCP connections one remote address may hold (a phone needs one or two).</summary>
    public int MaxTcpConnectionsPerSource { get; init; } = 8;

    /// <summary>A TCP connection silent this long is closed; RFC 5626 CRLF keep-alives count as traffic.</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>A TCP peer that takes longer than this to finish a message it started is cut off (slowloris).</summary>
    public TimeSpan TcpMessageTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Largest message accepted on either transport.</summary>
    public int MaxMessageSize { get; init; } = 65535;
}
