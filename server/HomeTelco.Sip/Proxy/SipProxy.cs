using HomeTelco.Core.Extensions;
using HomeTelco.Sip.Auth;
using HomeTelco.Sip.Calls;
using HomeTelco.Sip.Defence;
using HomeTelco.Sip.Location;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Proxy;

/// <summary>
/// The stateful proxy (RFC 3261 §16): validates (§16.3), processes Route (§16.4), authenticates callers, finds the
/// targets of a request for one of the box's extensions in the location service and forks to all of them in parallel,
/// record-routing with flow tokens so that the rest of the dialog follows NAT'd phones' flows. In-dialog requests follow
/// their route set; ACKs for 2xx and stray responses are forwarded statelessly. Every entry point runs under the
/// transaction table lock (it is the transaction user's), so the state here needs no lock of its own.
/// </summary>
internal sealed class SipProxy
{
    private readonly ProxyHop _hop;
    private readonly SipFlowTokens _tokens;
    private readonly SipGuard _guard;
    private readonly ILogger _logger;
    private readonly ISipTrunks _trunks;
    private readonly ProxyRouteProcessor _routes;
    private readonly ProxyCallers _callers;
    private readonly ProxyTargets _targets;
    private readonly ProxyRequestBuilder _builder;

    // INVITEs still waiting for their final response, so a CANCEL can find them (§16.10). Bounded by the transaction
    // table: each entry has a live server transaction, and is removed when its final response goes up.
    private readonly Dictionary<SipServerTransaction, ProxyContext> _pendingInvites = [];

    public SipProxy(
        ProxyHop hop,
        SipAuthenticator authenticator,
        ExtensionService extensions,
        ISipLocation location,
        SipGuard guard,
        SipCallLog calls,
        ILogger logger,
        ProxyOptions? options = null,
        ISipTrunks? trunks = null,
        ISipMediaRelay? mediaRelay = null,
        SipFlowTokens? tokens = null)
    {
        _hop = hop;
        _guard = guard;
        _logger = logger;
        _trunks = trunks ?? NoTrunks.Instance;
        _tokens = tokens ?? SipFlowTokens.CreateRandom();
        Options = options ?? new ProxyOptions();
        Calls = calls;
        MediaRelay = mediaRelay ?? NoMediaRelay.Instance;
        _routes = new ProxyRouteProcessor(hop, _tokens);
        _callers = new ProxyCallers(authenticator, guard, hop, _trunks);
        _targets = new ProxyTargets(extensions, location, Options);
        _builder = new ProxyRequestBuilder(hop, _tokens, () => authenticator.Realm);
    }

    /// <summary>Set once by the engine after the layer is built (the layer needs its transaction user first).</summary>
    public SipTransactionLayer? Layer { get; set; }

    public ProxyOptions Options { get; }

    public SipCallLog Calls { get; }

    public ISipMediaRelay MediaRelay { get; }

    /// <summary>INVITEs waiting for their final response.</summary>
    public int PendingInvites => _pendingInvites.Count;

    internal SipTransactionLayer TransactionLayer => Layer ?? throw new InvalidOperationException("The proxy has no transaction layer yet.");

    /// <summary>A new request other than REGISTER, OPTIONS to the box, ACK and CANCEL.</summary>
    public void OnRequest(SipServerTransaction transaction, SipMessage request)
    {
        var refusal = ProxyRequestCheck.Check(request);
        if (refusal is not null)
        {
            transaction.SendResponse(refusal);
            return;
        }

        var routing = _routes.Process(ProxyMessages.CopyRequest(request));
        if (routing.BadToken)
        {
            RefuseBadToken(transaction);
            return;
        }

        var work = routing.Request;
        if (routing.HasToken && HasToTag(work))
        {
            ForwardInDialog(transaction, routing);
            return;
        }

        var uri = work.RequestUri!;
        var foreign = routing.NextRoute is not null || !_hop.IsOurs(uri);
        var caller = _callers.Admit(transaction, work, foreign);
        if (caller is null)
        {
            return;
        }

        var isInitialInvite = string.Equals(request.Method, "INVITE", StringComparison.Ordinal) && !HasToTag(work);
        var call = isInitialInvite ? Calls.Start(work.GetCallId() ?? "", caller.Number, caller.DisplayName, foreign ? uri.ToString() : uri.User ?? uri.ToString()) : null;
        if (foreign)
        {
            // The seam for trunks: until one serves the destination, nothing leaves the box.
            var trunk = caller.Authenticated ? _trunks.Route(routing.NextRoute ?? uri, caller.Number) : null;
            if (trunk is null)
            {
                if (!caller.Authenticated)
                {
                    _guard.ProbedUnknown(transaction.Remote, uri.ToString());
                }

                var destination = routing.NextRoute ?? uri;
                Refuse(transaction, caller, 403, "No trunk for " + (destination.Host.Length > 0 ? destination.Host : destination.ToString()), call);
                return;
            }

            Fork(transaction, work, [trunk], call, caller);
            return;
        }

        var (targets, status) = _targets.Find(uri.User);
        if (status != 0)
        {
            Refuse(transaction, caller, status, null, call);
            return;
        }

        Fork(transaction, work, targets, call, caller);
    }

    /// <summary>A CANCEL; <paramref name="cancelled"/> is the INVITE server transaction it matches, if any (§9.2, §16.10).</summary>
    public void OnCancel(SipServerTransaction transaction, SipMessage cancel, SipServerTransaction? cancelled)
    {
        if (cancelled is null)
        {
            // Nothing to cancel here. Forwarding it statelessly (§16.10) would let anyone relay CANCELs; 481 is honest.
            transaction.SendResponse(SipResponseBuilder.CreateResponse(cancel, 481));
            return;
        }

        transaction.SendResponse(SipResponseBuilder.CreateResponse(cancel, 200));
        if (_pendingInvites.TryGetValue(cancelled, out var context))
        {
            context.CancelByCaller(cancel);
        }
    }

    /// <summary>An ACK outside any server transaction (for a 2xx): forwarded statelessly along the dialog's route (§16.11).</summary>
    public void OnAck(SipMessage ack, SipEndPoint source)
    {
        if (ack.TryGetMaxForwards(out var hops) && hops == 0)
        {
            return;
        }

        var routing = _routes.Process(ProxyMessages.CopyRequest(ack));
        if (routing.BadToken || !routing.HasToken)
        {
            // Not a dialog this proxy record-routed: forwarding it would make the box a relay for anyone's ACKs.
            return;
        }

        var destination = InDialogDestination(routing, source);
        if (destination is not null)
        {
            TransactionLayer.Transport.Send(_builder.Build(routing.Request, null, source, destination, recordRoute: false), destination);
        }
    }

    /// <summary>
    /// A response no client transaction claims (a 2xx retransmitted after the transaction ended, a late 2xx of another
    /// branch): forwarded statelessly (§16.7, §16.11) when the top Via is this proxy's, over the upstream flow its token names.
    /// </summary>
    public void OnStrayResponse(SipMessage response, SipEndPoint source)
    {
        var via = response.GetTopVia();
        if (!via.IsSuccess || !_tokens.TryRead(via.Value.Get(ProxyRequestBuilder.FlowParameter), out var flows) || flows.Length != 1)
        {
            return;
        }

        var upstream = ProxyMessages.WithoutTopVia(response);
        if (upstream.Headers.Contains(SipHeaderKind.Via))
        {
            TransactionLayer.Transport.Send(upstream, flows[0]);
        }
    }

    /// <summary>Timer H fired on a server transaction the proxy answered: nothing of it is left to find.</summary>
    public void OnServerTransactionTimedOut(SipServerTransaction transaction) => _pendingInvites.Remove(transaction);

    /// <summary>The context has sent its final response: a CANCEL can no longer change anything.</summary>
    internal void Forget(ProxyContext context) => _pendingInvites.Remove(context.Server);

    private void ForwardInDialog(SipServerTransaction transaction, ProxyRouting routing)
    {
        var work = routing.Request;
        var source = transaction.Remote;
        var destination = InDialogDestination(routing, source);
        if (destination is null)
        {
            transaction.SendResponse(SipResponseBuilder.CreateResponse(work, 480, "Next hop not reachable"));
            return;
        }

        if (string.Equals(work.Method, "BYE", StringComparison.Ordinal) && work.GetCallId() is { } callId)
        {
            var by = work.GetFrom() is { IsSuccess: true } from ? from.Value.Uri?.User : null;
            Calls.Ended(callId, by is null ? "Hung up" : "Hung up by " + by);
        }

        var request = _builder.Build(work, null, source, destination, recordRoute: false);
        if (string.Equals(work.Method, "INVITE", StringComparison.Ordinal))
        {
            MediaRelay.OnRequest(request, source, destination);
        }

        StartContext(transaction, null).Fork([(request, destination)]);
    }

    /// <summary>
    /// Where a request in a dialog goes: over the flow its token names (a NAT'd phone), else to the next Route entry,
    /// else to the Request-URI (the remote target); null when that needs DNS or names this box.
    /// </summary>
    private SipEndPoint? InDialogDestination(ProxyRouting routing, SipEndPoint source)
    {
        if (routing.FlowToward(source) is { } flow)
        {
            return flow;
        }

        if (routing.NextRoute is { } next)
        {
            return SipNextHop.Resolve(next);
        }

        var uri = routing.Request.RequestUri;
        return uri is null || _hop.IsOurs(uri) ? null : SipNextHop.Resolve(uri);
    }

    private void Fork(SipServerTransaction transaction, SipMessage template, IReadOnlyList<ProxyTarget> targets, SipCallAttempt? call, ProxyCaller caller)
    {
        var upstream = transaction.Remote;
        var recordRoute = CreatesDialog(template.Method);
        var isInvite = string.Equals(template.Method, "INVITE", StringComparison.Ordinal);
        var branches = new List<(SipMessage, SipEndPoint)>(targets.Count);
        foreach (var target in targets)
        {
            var request = _builder.Build(template, target, upstream, target.Destination, recordRoute);
            if (isInvite)
            {
                MediaRelay.OnRequest(request, upstream, target.Destination);
            }

            branches.Add((request, target.Destination));
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            ProxyLog.Forking(_logger, template.Method, caller.Number, template.RequestUri?.ToString() ?? "", branches.Count);
        }

        StartContext(transaction, call).Fork(branches);
    }

    private ProxyContext StartContext(SipServerTransaction transaction, SipCallAttempt? call)
    {
        var context = new ProxyContext(this, transaction, call);
        if (context.IsInvite)
        {
            _pendingInvites[transaction] = context;
        }

        return context;
    }

    private void Refuse(SipServerTransaction transaction, ProxyCaller caller, int status, string? reason, SipCallAttempt? call)
    {
        var response = SipResponseBuilder.CreateResponse(transaction.Request, status, reason);
        transaction.SendResponse(response);
        if (call is not null)
        {
            Calls.Failed(call, status, response.ReasonPhrase);
        }

        if (_logger.IsEnabled(LogLevel.Debug))
        {
            ProxyLog.Refused(_logger, transaction.Request.Method, caller.Number, transaction.Request.RequestUri?.ToString() ?? "", status, response.ReasonPhrase);
        }
    }

    private void RefuseBadToken(SipServerTransaction transaction)
    {
        // RFC 5626 §5.3: a flow token that does not verify was tampered with.
        _guard.ProbedUnknown(transaction.Remote, "flow token");
        ProxyLog.BadFlowToken(_logger, transaction.Remote.EndPoint.ToString());
        transaction.SendResponse(SipResponseBuilder.CreateResponse(transaction.Request, 403, "Invalid flow token"));
    }

    private static bool HasToTag(SipMessage request) => request.GetTo() is { IsSuccess: true } to && to.Value.Tag is not null;

    /// <summary>Requests that can start a dialog, which the proxy record-routes to stay on its path (RFC 3261 §16.6 step 4).</summary>
    private static bool CreatesDialog(string method) => method is "INVITE" or "SUBSCRIBE" or "REFER";
}
