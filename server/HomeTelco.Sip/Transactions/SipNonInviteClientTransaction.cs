using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// RFC 3261 §17.1.2: Trying → Proceeding → Completed → Terminated, retransmitting with Timer E (doubling to T2,
/// then every T2 once a provisional arrived), giving up on Timer F, absorbing late responses until Timer K.
internal sealed class SipNonInviteClientTransaction : SipClientTransaction
{
    public SipNonInviteClientTransaction(SipTransactionLayer layer, SipMessage request, SipEndPoint destination, SipClientTransactionKey key, ISipClientTransactionUser user)
        : base(layer, request, destination, key, user, SipTransactionState.Trying)
    {
    }

    internal override void Start()
    {
        Send(Request);
        if (!IsReliable)
        {
            RetransmitTimer.Arm(SipTimerKind.E, Options.T1);
        }

        TimeoutTimer.Arm(SipTimerKind.F, Options.TimeoutInterval);
    }

    internal override void OnResponse(SipMessage response)
    {
        if (State is not (SipTransactionState.Trying or SipTransactionState.Proceeding))
        {
            // Completed absorbs retransmitted finals.
            return;
        }

        if (response.StatusCode < 200)
        {
            State = SipTransactionState.Proceeding;
            User.OnResponse(this, response);
            return;
        }

        State = SipTransactionState.Completed;
        RetransmitTimer.Disarm();
        TimeoutTimer.Disarm();
        if (IsReliable)
        {
            User.OnResponse(this, response);
            Terminate();
        }
        else
        {
            // Timer K without the machine: the layer absorbs retransmitted responses.
            Linger(SipCompactKind.CompletedNonInviteClient);
            User.OnResponse(this, response);
        }
    }

    internal override void OnTimer(SipTimerKind kind)
    {
        switch (kind)
        {
            case SipTimerKind.E when State == SipTransactionState.Trying:
                Send(Request);
                RetransmitTimer.Arm(SipTimerKind.E, Doubled(capAtT2: true));
                break;
            case SipTimerKind.E when State == SipTransactionState.Proceeding:
                Send(Request);
                RetransmitTimer.Arm(SipTimerKind.E, Options.T2);
                break;
            case SipTimerKind.F when State is SipTransactionState.Trying or SipTransactionState.Proceeding:
                TimeOut();
                break;
            case SipTimerKind.K when State == SipTransactionState.Completed:
                Terminate();
                break;
        }
    }
}
