namespace HomeTelco.Sip.Transport;

/// <summary>How a SIP message travelled. TLS and WebSocket join when the certificate plumbing does.</summary>
internal enum SipTransportKind
{
    Udp,
    Tcp,
}
