namespace HomeTelco.Sip.Transactions;

/// The transport a message travels on (RFC 3261 §18, RFC 7118 for WebSocket).
internal enum SipTransportKind : byte
{
    Udp,
    Tcp,
    Tls,
    Ws,
    Wss,
}
