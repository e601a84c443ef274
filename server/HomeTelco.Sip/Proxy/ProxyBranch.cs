using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// One forwarded copy of a request and the client transaction carrying it (RFC 3261 §16.6), with what the response
/// context needs to know of it: whether it has rung, its final response, whether it is being cancelled, and one timer
/// that is Timer C while it rings and the wait for a final response once a CANCEL went out.
/// </summary>
internal sealed class ProxyBranch : ISipClientTransactionUser
{
    private readonly ProxyContext _context;
    private ProxyTimer? _timer;

    public ProxyBranch(ProxyContext context, SipMessage request, SipEndPoint destination)
    {
        _context = context;
        Request = request;
        Destination = destination;
    }

    /// <summary>The request as sent, with this proxy's Via on top.</summary>
    public SipMessage Request { get; }

    public SipEndPoint Destination { get; }

    public SipClientTransaction? Transaction { get; private set; }

    /// <summary>A provisional response arrived, so a CANCEL may be sent (§9.1).</summary>
    public bool Proceeding { get; set; }

    /// <summary>The branch has its outcome: a final response, or given up on.</summary>
    public bool Done { get; private set; }

    /// <summary>The final response, with this proxy's Via still on top; null when given up on without one.</summary>
    public SipMessage? Final { get; private set; }

    /// <summary>To be cancelled as soon as it has rung (a CANCEL before any provisional is not allowed).</summary>
    public bool CancelPending { get; set; }

    public bool CancelSent { get; set; }

    /// <summary>Reason header value for the CANCEL (RFC 3326), if any.</summary>
    public string? CancelReason { get; set; }

    /// <summary>Timer C fired, or the CANCEL was never answered: whatever the branch says now counts as 408.</summary>
    public bool TimedOut { get; set; }

    /// <summary>Starts the client transaction; false when the transaction table is full.</summary>
    public bool Start(SipTransactionLayer layer)
    {
        // The send may fail at once and report a 503 back into OnResponse before this returns.
        var transaction = layer.StartClientTransaction(Request, Destination, this);
        Transaction ??= transaction;
        return transaction is not null;
    }

    /// <summary>(Re)arms the branch timer; a no-op once the branch is done.</summary>
    public void Arm(SipTransactionLayer layer, TimeSpan after)
    {
        if (Done)
        {
            return;
        }

        _timer ??= new ProxyTimer(layer, () => _context.OnBranchTimer(this));
        _timer.Arm(after);
    }

    /// <summary>Records the final response and stops the timer.</summary>
    public void Finish(SipMessage? final)
    {
        Done = true;
        Final = final;
        _timer?.Dispose();
        _timer = null;
    }

    /// <summary>Ends the client transaction without waiting any longer for it (Timer C without a provisional, an unanswered CANCEL).</summary>
    public void GiveUp()
    {
        TimedOut = true;
        Transaction?.Abandon();
        Finish(null);
    }

    /// <summary>
    /// A 2xx retransmitted after the first went up is forwarded statelessly over the flow in this proxy's Via, exactly as
    /// the context would forward it, so the Accepted client transaction need not keep this branch and its context.
    /// </summary>
    public bool HandlesLateSuccessesAsStray => true;

    public void OnResponse(SipClientTransaction transaction, SipMessage response)
    {
        Transaction ??= transaction;
        _context.OnResponse(this, response);
    }
}
