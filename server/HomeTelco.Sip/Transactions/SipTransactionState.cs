namespace HomeTelco.Sip.Transactions;

/// Union of the states of the four RFC 3261 §17 machines plus RFC 6026's Accepted.
internal enum SipTransactionState : byte
{
    Calling,
    Trying,
    Proceeding,
    Completed,
    Confirmed,
    Accepted,
    Terminated,
}
