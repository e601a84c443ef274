namespace HomeTelco.Sip.Auth;

/// The digest hash functions the box offers (RFC 8760 §2.1). The -sess variants are not offered: RFC 8760 keeps them
/// but no SIP phone we target needs them, and they would add a second HA1 form to test.
internal enum DigestAlgorithm
{
    Md5,
    Sha256,
}
