using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// RFC 3261 §17.2.1 with RFC 6026's Accepted state: Proceeding (100 Trying after 200 ms if the TU is silent) →
/// Completed (non-2xx resent on Timer G until ACK or Timer H) → Confirmed (Timer I) → Terminated; or Proceeding →
/// Accepted on a 2xx (Timer L) → Terminated.
internal sealed class SipInviteServerTransaction : SipServerTransaction
{
    public SipInviteServerTransaction(SipTransactionLayer layer, SipMessage request, SipEndPoint source, SipServerTransactionKey? key, SipRfc2543Identity? legacyIdentity)
        : base(layer, request, source, key, legacyIdentity, SipTransactionState.Proceeding)
    {
    }

    internal override void Start() => RetransmitTimer.Arm(SipTimerKind.Trying100, Options.TryingDelay);

    internal override bool Respond(SipMessage response)
    {
        var status = response.StatusCode;
        switch (State)
        {
            case SipTransactionState.Proceeding when status < 200:
                RetransmitTimer.Disarm();
                SendAndKeep(response);
                return true;
            case SipTransactionState.Proceeding when status < 300:
                RetransmitTimer.Disarm();
                SendAndKeep(response);
                State = SipTransactionState.Accepted;
                if (Key is not null)
                {
                    // Timer L without the machine: INVITE retransmissions are absorbed and ACKs passed on by the layer.
                    Linger(SipCompactKind.AcceptedInviteServer);
                }
                else
                {
                    TimeoutTimer.Arm(SipTimerKind.L, Options.TimeoutInterval);
                }

                return true;
            case SipTransactionState.Proceeding:
                RetransmitTimer.Disarm();
                SendAndKeep(response);
                State = SipTransactionState.Completed;
                if (!IsReliable)
                {
                    RetransmitTimer.Arm(SipTimerKind.G, Options.T1);
                }

                TimeoutTimer.Arm(SipTimerKind.H, Options.TimeoutInterval);
                return true;
            case SipTransactionState.Accepted when status is >= 200 and < 300:
                // RFC 6026 §8.5: the TU (UAS core) retransmits its 2xx through the transaction.
                Send(response);
                return true;
            default:
                return false;
        }
    }

    internal override void OnRetransmission(SipMessage request)
    {
        // Proceeding and Completed answer a retransmitted INVITE with the last response; Accepted and Confirmed absorb it.
        if (State is SipTransactionState.Proceeding or SipTransactionState.Completed && LastResponse is not null)
        {
            Send(LastResponse);
        }
    }

    internal override void OnAck(SipMessage ack)
    {
        switch (State)
        {
            case SipTransactionState.Completed:
                State = SipTransactionState.Confirmed;
                RetransmitTimer.Disarm();
                TimeoutTimer.Disarm();
                if (IsReliable)
                {
                    Terminate();
                }
                else if (Key is not null)
                {
                    // Timer I soaks up ACK retransmissions; the layer's compact table does that without the machine.
                    Linger(SipCompactKind.ConfirmedInviteServer);
                }
                else
                {
                    TimeoutTimer.Arm(SipTimerKind.I, Options.T4);
                }

                break;
            case SipTransactionState.Accepted:
                // RFC 6026 §8.7: an ACK that matches while Accepted belongs to the dialog.
                Layer.User.OnAck(ack, Remote);
                break;
        }
    }

    internal override void OnTimer(SipTimerKind kind)
    {
        switch (kind)
        {
            case SipTimerKind.Trying100 when State == SipTransactionState.Proceeding && LastResponse is null:
                SendAndKeep(SipResponseBuilder.CreateResponse(Request, 100));
                break;
            case SipTimerKind.G when State == SipTransactionState.Completed:
                Send(LastResponse!);
                RetransmitTimer.Arm(SipTimerKind.G, Doubled(capAtT2: true));
                break;
            case SipTimerKind.H when State == SipTransactionState.Completed:
                Terminate();
                Layer.User.OnServerTransactionTimedOut(this);
                break;
            case SipTimerKind.I when State == SipTransactionState.Confirmed:
            case SipTimerKind.L when State == SipTransactionState.Accepted:
                Terminate();
                break;
        }
    }
}
