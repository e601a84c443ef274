using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace HomeTelco.Sip;

/// <summary>What the host tells the SIP engine: where to listen, how often to keep NAT'd phones' flows alive, and the certificate for TLS.</summary>
public sealed record SipSettings
{
    /// <summary>UDP and TCP port; 0 turns SIP off (every transport, WebSocket included).</summary>
    public int Port { get; init; } = 5060;

    /// <summary>SIP over TLS port; 0 turns TLS off.</summary>
    public int TlsPort { get; init; }

    /// <summary>Address to bind, or null for every IPv4 and IPv6 address.</summary>
    public IPAddress? ListenAddress { get; init; }

    /// <summary>How often NAT'd UDP phones get a keep-alive; zero turns server keep-alives off.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gives the box's certificate (called once, when TLS starts; the engine disposes it when it stops).</summary>
    public Func<X509Certificate2>? Certificate { get; init; }
}
