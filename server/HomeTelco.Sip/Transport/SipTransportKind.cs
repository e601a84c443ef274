namespace HomeTelco.Sip.Transport;

/// <summary>How a SIP message travelled (the Via transport of RFC 3261 §18 and RFC 7118 §5).</summary>
internal enum SipTransportKind
{
    Udp,
    Tcp,
    Tls,

    /// <summary>WebSocket on the web server's plain HTTP port (RFC 7118).</summary>
    Ws,

    /// <summary>WebSocket on the web server's HTTPS port (RFC 7118).</summary>
    Wss,
}
