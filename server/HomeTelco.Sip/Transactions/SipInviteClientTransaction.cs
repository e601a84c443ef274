using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// RFC 3261 §17.1.1 with RFC 6026's Accepted state: Calling → Proceeding → Completed (non-2xx, ACK sent here) or
/// Accepted (2xx, ACK is the TU's) → Terminated.
internal sealed class SipInviteClientTransaction : SipClientTransaction
{
    private SipMessage? _ack;

    public SipInviteClientTransaction(SipTransactionLayer layer, SipMessage request, SipEndPoint destination, SipClientTransactionKey key, ISipClientTransactionUser user)
        : base(layer, request, destination, key, user, SipTransactionState.Calling)
    {
    }

    internal override void Start()
    {
        Send(Request);
        if (!IsReliable)
        {
            RetransmitTimer.Arm(SipTimerKind.A, Options.T1);
        }

        TimeoutTimer.Arm(SipTimerKind.B, Options.TimeoutInterval);
    }

    internal override void OnResponse(SipMessage response)
    {
        var status = response.StatusCode;
        switch (State)
        {
            case SipTransactionState.Calling or SipTransactionState.Proceeding when status < 200:
                // Timer B only bounds Calling: once the far end answers, the TU (CANCEL, proxy Timer C) decides how long to ring.
                State = SipTransactionState.Proceeding;
                RetransmitTimer.Disarm();
                TimeoutTimer.Disarm();
                User.OnResponse(this, response);
                break;
            case SipTransactionState.Calling or SipTransactionState.Proceeding when status < 300:
                // RFC 6026 §8.4: stay a while so 2xx retransmissions and forked 2xx reach this TU, not the stray path.
                State = SipTransactionState.Accepted;
                RetransmitTimer.Disarm();
                if (User.HandlesLateSuccessesAsStray)
                {
                    // Timer M without the machine: later 2xx reach the core's stray path, the rest is absorbed.
                    Linger(SipCompactKind.AcceptedInviteClient);
                }
                else
                {
                    TimeoutTimer.Arm(SipTimerKind.M, Options.TimeoutInterval);
                }

                User.OnResponse(this, response);
                break;
            case SipTransactionState.Calling or SipTransactionState.Proceeding:
                _ack = SipTransactionRequests.CreateAck(Request, response);
                State = SipTransactionState.Completed;
                RetransmitTimer.Disarm();
                TimeoutTimer.Disarm();
                if (IsReliable)
                {
                    Send(_ack);
                    User.OnResponse(this, response);
                    Terminate();
                }
                else if (SendAndLinger(_ack, SipCompactKind.CompletedInviteClient))
                {
                    // Timer D without the machine: the layer answers every retransmission of the final with the ACK's bytes.
                    _ack = null;
                    User.OnResponse(this, response);
                }
                else
                {
                    // Timer D: long enough to answer every retransmission of the final response with our ACK.
                    Send(_ack);
                    TimeoutTimer.Arm(SipTimerKind.D, Options.TimerD);
                    User.OnResponse(this, response);
                }

                break;
            case SipTransactionState.Accepted when status is >= 200 and < 300:
                User.OnResponse(this, response);
                break;
            case SipTransactionState.Completed when status >= 300:
                Send(_ack!);
                break;
        }
    }

    internal override void OnTimer(SipTimerKind kind)
    {
        switch (kind)
        {
            case SipTimerKind.A when State == SipTransactionState.Calling:
                Send(Request);
                RetransmitTimer.Arm(SipTimerKind.A, Doubled(capAtT2: false));
                break;
            case SipTimerKind.B when State == SipTransactionState.Calling:
                TimeOut();
                break;
            case SipTimerKind.D when State == SipTransactionState.Completed:
            case SipTimerKind.M when State == SipTransactionState.Accepted:
                Terminate();
                break;
        }
    }
}
