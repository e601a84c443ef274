namespace HomeTelco.Sip.Transactions;

/// The RFC 3261 §17 / Table 4 timers, RFC 6026's L and M, and the §17.2.1 "send 100 Trying after 200 ms" timer.
internal enum SipTimerKind : byte
{
    None,
    A,
    B,
    D,
    E,
    F,
    G,
    H,
    I,
    J,
    K,
    L,
    M,
    Trying100,
}
