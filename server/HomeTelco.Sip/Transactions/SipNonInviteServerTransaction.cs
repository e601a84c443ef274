using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// RFC 3261 §17.2.2: Trying → Proceeding → Completed (Timer J) → Terminated. Retransmissions are absorbed in Trying
/// and answered with the last response afterwards.
internal sealed class SipNonInviteServerTransaction : SipServerTransaction
{
    public SipNonInviteServerTransaction(SipTransactionLayer layer, SipMessage request, SipEndPoint source, SipServerTransactionKey? key, SipRfc2543Identity? legacyIdentity)
        : base(layer, request, source, key, legacyIdentity, SipTransactionState.Trying)
    {
    }

    internal override void Start()
    {
        // No timer until the TU answers: a silent TU is the TU's bug, and the table limit bounds the cost.
    }

    internal override bool Respond(SipMessage response)
    {
        if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
        {
            return false;
        }

        if (response.StatusCode < 200)
        {
            SendAndKeep(response);
            State = SipTransactionState.Proceeding;
            return true;
        }

        State = SipTransactionState.Completed;
        if (!IsReliable && Key is not null)
        {
            // Timer J without the machine: the layer keeps the response bytes; this object is now only the TU's.
            LastResponse = response;
            if (!SendAndLinger(response, SipCompactKind.CompletedNonInviteServer))
            {
                SendAndKeep(response);
                TimeoutTimer.Arm(SipTimerKind.J, Options.TimeoutInterval);
            }

            return true;
        }

        SendAndKeep(response);
        if (IsReliable)
        {
            Terminate();
        }
        else
        {
            // Timer J: long enough to answer every retransmission of the request.
            TimeoutTimer.Arm(SipTimerKind.J, Options.TimeoutInterval);
        }

        return true;
    }

    internal override void OnRetransmission(SipMessage request)
    {
        if (State is SipTransactionState.Proceeding or SipTransactionState.Completed && LastResponse is not null)
        {
            Send(LastResponse);
        }
    }

    internal override void OnTimer(SipTimerKind kind)
    {
        if (kind == SipTimerKind.J && State == SipTransactionState.Completed)
        {
            Terminate();
        }
    }
}
