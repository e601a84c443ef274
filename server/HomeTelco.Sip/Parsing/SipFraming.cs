namespace HomeTelco.Sip.Parsing;

/// How the transport delimits messages (RFC 3261 §18.3).
internal enum SipFraming
{
    /// One message per datagram: a missing Content-Length means "the rest of the datagram", extra bytes are discarded.
    Datagram,

    /// A byte stream (TCP, TLS): Content-Length is what ends the body; a short buffer is "incomplete", not an error.
    Stream,
}
