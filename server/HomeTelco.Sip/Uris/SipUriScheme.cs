namespace HomeTelco.Sip.Uris;

internal enum SipUriScheme
{
    /// A syntactically valid absoluteURI whose scheme we do not process (RFC 3261 §8.2.2.1: 416).
    Other,
    Sip,
    Sips,
    Tel,
}
