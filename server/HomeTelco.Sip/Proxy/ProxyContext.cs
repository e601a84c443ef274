using HomeTelco.Sip.Calls;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// The response context of one proxied request (RFC 3261 §16.7): its server transaction, its branches, and the rules
/// for what goes upstream. Provisionals other than 100 go up at once, and so does every 2xx, which also cancels the
/// other branches ("Call completed elsewhere", RFC 3326); a 6xx cancels them too and wins; otherwise the best final
/// response goes up once every branch has its outcome. Every member runs under the transaction table lock.
/// </summary>
internal sealed class ProxyContext
{
    private const string CompletedElsewhere = "SIP;cause=200;text=\"Call completed elsewhere\"";

    private readonly SipProxy _proxy;
    private readonly List<ProxyBranch> _branches = new(2);
    private bool _forking;
    private bool _answered;
    private bool _cancelledByCaller;

    public ProxyContext(SipProxy proxy, SipServerTransaction server, SipCallAttempt? call)
    {
        _proxy = proxy;
        Server = server;
        Call = call;
        IsInvite = string.Equals(server.Request.Method, "INVITE", StringComparison.Ordinal);
    }

    public SipServerTransaction Server { get; }

    /// <summary>The call record of an initial INVITE; null for everything else.</summary>
    public SipCallAttempt? Call { get; }

    public bool IsInvite { get; }

    /// <summary>A final response has gone upstream; only further 2xx follow it.</summary>
    public bool FinalSent { get; private set; }

    /// <summary>Starts one client transaction per branch, in parallel (§16.6 step 10), then settles what is already settled.</summary>
    public void Fork(IEnumerable<(SipMessage Request, SipEndPoint Destination)> branches)
    {
        var layer = _proxy.TransactionLayer;
        _forking = true;
        foreach (var (request, destination) in branches)
        {
            var branch = new ProxyBranch(this, request, destination);
            _branches.Add(branch);
            if (!branch.Start(layer))
            {
                // The transaction table is full: the branch counts as one that never answered (408).
                branch.GiveUp();
            }
            else if (IsInvite)
            {
                branch.Arm(layer, _proxy.Options.TimerC);
            }
        }

        _forking = false;
        Settle();
    }

    public void OnResponse(ProxyBranch branch, SipMessage response)
    {
        var status = response.StatusCode;
        if (status < 200)
        {
            OnProvisional(branch, response);
        }
        else if (status < 300)
        {
            OnSuccess(branch, response);
        }
        else if (!branch.Done)
        {
            branch.Finish(response);
            if (status >= 600 && IsInvite && !_answered)
            {
                // §16.7 step 5: a global failure ends the search; the others are cancelled and the 6xx goes up.
                CancelBranches(except: branch, reason: null);
            }

            Settle();
        }
    }

    /// <summary>The caller sent CANCEL (§16.10): every branch still ringing is cancelled and the caller gets 487.</summary>
    public void CancelByCaller(SipMessage cancel)
    {
        if (FinalSent || _cancelledByCaller)
        {
            return;
        }

        _cancelledByCaller = true;
        CancelBranches(except: null, reason: cancel.Headers.GetFirstValue("Reason"));
        Settle();
    }

    /// <summary>The branch timer fired: Timer C while ringing (§16.8), or a CANCEL that was never answered (§9.1).</summary>
    public void OnBranchTimer(ProxyBranch branch)
    {
        if (branch.Done)
        {
            return;
        }

        if (branch.CancelSent || !branch.Proceeding)
        {
            // No final response 64*T1 after our CANCEL, or Timer C before the phone even rang: act as if 408 came.
            branch.GiveUp();
            Settle();
            return;
        }

        branch.TimedOut = true;
        SendCancel(branch);
    }

    private void OnProvisional(ProxyBranch branch, SipMessage response)
    {
        if (branch.Done)
        {
            return;
        }

        branch.Proceeding = true;
        if (branch.CancelPending)
        {
            SendCancel(branch);
            return;
        }

        if (branch.CancelSent)
        {
            return;
        }

        var status = response.StatusCode;
        if (IsInvite && status > 100)
        {
            // §16.7 step 2: the phone is still ringing, so it gets another full Timer C.
            branch.Arm(_proxy.TransactionLayer, _proxy.Options.TimerC);
        }

        if (status > 100 && !FinalSent)
        {
            Upstream(branch, response);
        }
    }

    private void OnSuccess(ProxyBranch branch, SipMessage response)
    {
        if (!branch.Done)
        {
            branch.Finish(response);
        }

        // §16.7 step 5: every 2xx goes up at once, retransmissions and other branches' answers included.
        Upstream(branch, response);
        if (IsInvite && !_answered)
        {
            _answered = true;
            if (Call is not null)
            {
                _proxy.Calls.Answered(Call, response.StatusCode, response.ReasonPhrase);
            }

            CancelBranches(except: branch, reason: CompletedElsewhere);
        }

        if (!FinalSent)
        {
            FinalSent = true;
            _proxy.Forget(this);
        }
    }

    private void Upstream(ProxyBranch branch, SipMessage response)
    {
        var copy = ProxyMessages.WithoutTopVia(response);
        if (IsInvite && response.StatusCode > 100 && !copy.Body.IsEmpty)
        {
            _proxy.MediaRelay.OnResponse(copy, Server.Remote, branch.Destination);
        }

        if (!Server.SendResponse(copy) && IsInvite && response.StatusCode is >= 200 and < 300)
        {
            // The server transaction has ended (Timer L): a late 2xx still reaches the caller, statelessly (§16.7 step 9).
            _proxy.TransactionLayer.Transport.Send(copy, Server.Remote);
        }
    }

    private void CancelBranches(ProxyBranch? except, string? reason)
    {
        if (!IsInvite)
        {
            return;
        }

        foreach (var branch in _branches)
        {
            if (branch == except || branch.Done || branch.CancelSent || branch.CancelPending)
            {
                continue;
            }

            branch.CancelReason = reason;
            if (branch.Proceeding)
            {
                SendCancel(branch);
            }
            else
            {
                branch.CancelPending = true;
            }
        }
    }

    private void SendCancel(ProxyBranch branch)
    {
        branch.CancelPending = false;
        branch.CancelSent = true;
        var cancel = SipTransactionRequests.CreateCancel(branch.Request);
        if (branch.CancelReason is { } reason)
        {
            cancel.Headers.Add("Reason", reason);
        }

        var layer = _proxy.TransactionLayer;
        layer.StartClientTransaction(cancel, branch.Destination, IgnoredResponses.Instance);
        branch.Arm(layer, layer.Options.TimeoutInterval);
    }

    /// <summary>
    /// Sends the final response once every branch has its outcome. A branch still waiting to ring when it was cancelled
    /// no longer counts: whatever it says later cannot change the answer (a late 2xx is still forwarded).
    /// </summary>
    private void Settle()
    {
        if (_forking || FinalSent)
        {
            return;
        }

        foreach (var branch in _branches)
        {
            if (!branch.Done && !(branch.CancelPending && !branch.Proceeding))
            {
                return;
            }
        }

        var response = _cancelledByCaller
            ? SipResponseBuilder.CreateResponse(Server.Request, 487)
            : ProxyBestResponse.Choose(_branches, Server.Request);
        FinalSent = true;
        _proxy.Forget(this);
        Server.SendResponse(response);
        if (Call is not null)
        {
            _proxy.Calls.Failed(Call, response.StatusCode, response.ReasonPhrase);
        }
    }
}
