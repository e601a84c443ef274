namespace HomeTelco.Sip.Transactions;

/// RFC 3261 §17.1.3: a response matches a client transaction by the top Via branch and the CSeq method (the method
/// keeps a CANCEL's transaction apart from the INVITE's, which shares its branch).
internal readonly record struct SipClientTransactionKey(string Branch, string Method);
