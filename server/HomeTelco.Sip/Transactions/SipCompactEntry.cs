using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// One lingering transaction: its kind, the bytes it resends (a final response, an ACK) if any, where they go, and the
/// timestamp its lingering state began.
internal readonly record struct SipCompactEntry(SipCompactKind Kind, byte[]? Bytes, SipEndPoint Remote, long Since);
