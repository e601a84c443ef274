using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Transactions;

/// The transaction user that started a client transaction. Called with the transaction table lock held: it may call
/// back into the layer (the lock is re-entrant) but must not block; slow work is handed off.
internal interface ISipClientTransactionUser
{
    /// Every response the TU must see: provisionals, the final response, 2xx retransmissions while Accepted
    /// (RFC 6026), a locally made 408 when Timer B or F fires (<see cref="SipClientTransaction.TimedOut"/>) and a
    /// locally made 503 when the transport could not send (<see cref="SipClientTransaction.TransportFailed"/>).
    void OnResponse(SipClientTransaction transaction, SipMessage response);

    /// True when a 2xx arriving after the first one may go to the core's stray-response path instead of
    /// <see cref="OnResponse"/> (a proxy forwards those statelessly either way, RFC 3261 §16.7 step 9). The layer then
    /// keeps an Accepted INVITE client transaction (RFC 6026 Timer M) as a compact entry, not the whole machine with
    /// this TU behind it.
    bool HandlesLateSuccessesAsStray => false;
}
