namespace HomeTelco.Sip.Transactions;

/// What a lingering transaction in a <see cref="SipCompactTable{TKey}"/> still does.
internal enum SipCompactKind : byte
{
    /// Non-INVITE server, Completed (Timer J): a retransmitted request gets the saved final response again.
    CompletedNonInviteServer,

    /// INVITE server after a 2xx, Accepted (RFC 6026 Timer L): retransmitted INVITEs are absorbed, ACKs go to the TU.
    AcceptedInviteServer,

    /// INVITE server after the ACK for its non-2xx, Confirmed (Timer I): retransmitted ACKs and INVITEs are absorbed.
    ConfirmedInviteServer,

    /// INVITE client after a 2xx, Accepted (RFC 6026 Timer M): further 2xx go to the core as stray responses (a proxy
    /// forwards them statelessly), anything else is absorbed.
    AcceptedInviteClient,

    /// INVITE client after a non-2xx, Completed (Timer D): a retransmitted final response gets the saved ACK again.
    CompletedInviteClient,

    /// Non-INVITE client after its final response, Completed (Timer K): retransmitted responses are absorbed.
    CompletedNonInviteClient,
}
