using System.Globalization;
using HomeTelco.Sip.Messages;
using HomeTelco.Sip.Serialization;
using HomeTelco.Sip.Transport;

namespace HomeTelco.Sip.Transactions;

/// The RFC 3261 §17 transaction layer of one engine: matches what the transports receive to transactions, creates
/// server transactions for new requests, starts client transactions for the TU, and drops transactions as they end.
/// All transaction state is guarded by <see cref="_transactionTableLock"/>; TU callbacks and transport sends run with it
/// held (it is re-entrant, so the TU may answer from inside a callback).
internal sealed class SipTransactionLayer : IDisposable
{
    private const string Invite = "INVITE";
    private const string Ack = "ACK";

    private readonly Lock _transactionTableLock = new();
    private readonly Dictionary<SipClientTransactionKey, SipClientTransaction> _clientTransactions = [];
    private readonly Dictionary<SipServerTransactionKey, SipServerTransaction> _serverTransactions = [];

    // RFC 2543 peers: rare, matched field by field, so a list scanned in full is cheaper than a second index.
    private readonly List<SipServerTransaction> _legacyServerTransactions = [];
    private readonly SipCompletedTransactions _completed;
    private bool _disposed;

    public SipTransactionLayer(ISipTransactionTransport transport, ISipTransactionUser user, TimeProvider timeProvider, SipTransactionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options ??= new SipTransactionOptions();
        options.Validate();
        Transport = transport;
        User = user;
        TimeProvider = timeProvider;
        Options = options;
        _completed = new SipCompletedTransactions(options.MaxCompletedTransactions, options.TimeoutInterval, timeProvider, SweepCompleted);
    }

    /// Transactions alive now, client and server, including the compact Completed ones.
    public int Count
    {
        get
        {
            lock (_transactionTableLock)
            {
                return CountLocked + _completed.Count;
            }
        }
    }

    /// Completed non-INVITE transactions dropped before Timer J ended because their table was full.
    public long ShedCompleted
    {
        get
        {
            lock (_transactionTableLock)
            {
                return _completed.Shed;
            }
        }
    }

    internal ISipTransactionTransport Transport { get; }

    internal ISipTransactionUser User { get; }

    internal TimeProvider TimeProvider { get; }

    internal SipTransactionOptions Options { get; }

    private int CountLocked => _clientTransactions.Count + _serverTransactions.Count + _legacyServerTransactions.Count;

    /// Sends a request in a new client transaction. The request's top Via must carry a branch with the magic cookie
    /// (<see cref="SipBranch.New"/>). Returns null when the table is full: the TU treats that like a 503.
    public SipClientTransaction? StartClientTransaction(SipMessage request, SipEndPoint destination, ISipClientTransactionUser user)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentNullException.ThrowIfNull(user);
        if (!request.IsRequest || string.Equals(request.Method, Ack, StringComparison.Ordinal))
        {
            throw new ArgumentException("Client transactions carry requests other than ACK (RFC 3261 §17.1).", nameof(request));
        }

        var via = request.GetTopVia();
        if (!via.IsSuccess || !SipBranch.HasMagicCookie(via.Value.Branch))
        {
            throw new ArgumentException("The request's top Via needs a branch starting with z9hG4bK (RFC 3261 §8.1.1.7).", nameof(request));
        }

        var key = new SipClientTransactionKey(via.Value.Branch!, request.Method);
        lock (_transactionTableLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (CountLocked >= Options.MaxTransactions)
            {
                return null;
            }

            if (_clientTransactions.ContainsKey(key))
            {
                throw new InvalidOperationException("A client transaction with this branch and method already exists.");
            }

            SipClientTransaction transaction = string.Equals(request.Method, Invite, StringComparison.Ordinal)
                ? new SipInviteClientTransaction(this, request, destination, key, user)
                : new SipNonInviteClientTransaction(this, request, destination, key, user);
            _clientTransactions.Add(key, transaction);
            transaction.Start();
            return transaction;
        }
    }

    /// A request from a transport (already framed, parsed and validated).
    public void ReceiveRequest(SipMessage request, SipEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(source);
        var via = request.GetTopVia();
        var cseq = request.GetCSeq();
        if (!via.IsSuccess || !cseq.IsSuccess)
        {
            // The validator rejects these before us; without them nothing can be matched or answered.
            return;
        }

        var isAck = string.Equals(request.Method, Ack, StringComparison.Ordinal);
        SipServerTransactionKey? key = null;
        SipRfc2543Identity? identity = null;
        if (via.Value.HasRfc3261Branch)
        {
            key = new SipServerTransactionKey(via.Value.Branch!, via.Value.Host, via.Value.Port ?? 0, isAck ? Invite : request.Method);
        }
        else
        {
            identity = SipRfc2543Identity.Create(request, via.Value, cseq.Value);
        }

        lock (_transactionTableLock)
        {
            if (_disposed)
            {
                return;
            }

            var existing = key is { } k
                ? _serverTransactions.GetValueOrDefault(k)
                : identity is null ? null : FindLegacyLocked(identity, isAck);
            if (existing is null && key is { } completedKey && !isAck && _completed.TryGetResponse(completedKey, out var saved, out var savedRemote))
            {
                // §17.2.2: a retransmission in Completed gets the final response again.
                Transport.SendDatagram(saved, savedRemote);
                return;
            }

            if (existing is not null)
            {
                if (isAck)
                {
                    existing.OnAck(request);
                }
                else
                {
                    existing.OnRetransmission(request);
                }

                return;
            }

            if (isAck)
            {
                User.OnAck(request, source);
                return;
            }

            if (CountLocked >= Options.MaxTransactions)
            {
                // Stateless 503: keeps a flood from growing the table (RFC 3261 §21.5.4, Retry-After §20.33).
                var busy = SipResponseBuilder.CreateResponse(request, 503);
                busy.Headers.Add("Retry-After", Options.OverloadRetryAfterSeconds.ToString(CultureInfo.InvariantCulture));
                Transport.Send(busy, source);
                return;
            }

            SipServerTransaction transaction = string.Equals(request.Method, Invite, StringComparison.Ordinal)
                ? new SipInviteServerTransaction(this, request, source, key, identity)
                : new SipNonInviteServerTransaction(this, request, source, key, identity);
            if (key is { } newKey)
            {
                _serverTransactions.Add(newKey, transaction);
            }
            else
            {
                _legacyServerTransactions.Add(transaction);
            }

            transaction.Start();
            User.OnRequest(transaction, request);
        }
    }

    /// A response from a transport.
    public void ReceiveResponse(SipMessage response, SipEndPoint source)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(source);
        var via = response.GetTopVia();
        var cseq = response.GetCSeq();
        lock (_transactionTableLock)
        {
            if (_disposed)
            {
                return;
            }

            if (via.IsSuccess && via.Value.Branch is { } branch && cseq.IsSuccess
                && _clientTransactions.TryGetValue(new SipClientTransactionKey(branch, cseq.Value.Method), out var transaction))
            {
                transaction.OnResponse(response);
                return;
            }

            User.OnStrayResponse(response, source);
        }
    }

    /// The transport could not send a request (no route, connection refused or reset, ICMP unreachable): the client
    /// transaction that sent it fails over to the TU (RFC 3261 §17.1.4). Unknown or response messages are ignored;
    /// server transactions keep their timers, which end them anyway.
    public void ReportSendFailure(SipMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!message.IsRequest)
        {
            return;
        }

        var via = message.GetTopVia();
        if (!via.IsSuccess || via.Value.Branch is not { } branch)
        {
            return;
        }

        lock (_transactionTableLock)
        {
            if (!_disposed && _clientTransactions.TryGetValue(new SipClientTransactionKey(branch, message.Method), out var transaction))
            {
                transaction.OnTransportError();
            }
        }
    }

    /// §9.2: the INVITE server transaction a CANCEL cancels, or null (the TU then answers the CANCEL 481).
    public SipServerTransaction? FindCancelledTransaction(SipMessage cancel)
    {
        ArgumentNullException.ThrowIfNull(cancel);
        var via = cancel.GetTopVia();
        var cseq = cancel.GetCSeq();
        if (!via.IsSuccess || !cseq.IsSuccess)
        {
            return null;
        }

        lock (_transactionTableLock)
        {
            if (via.Value.HasRfc3261Branch)
            {
                var key = new SipServerTransactionKey(via.Value.Branch!, via.Value.Host, via.Value.Port ?? 0, Invite);
                return _serverTransactions.GetValueOrDefault(key);
            }

            var identity = SipRfc2543Identity.Create(cancel, via.Value, cseq.Value);
            if (identity is null)
            {
                return null;
            }

            foreach (var transaction in _legacyServerTransactions)
            {
                if (transaction is SipInviteServerTransaction && transaction.LegacyIdentity!.MatchesCancel(identity))
                {
                    return transaction;
                }
            }

            return null;
        }
    }

    /// Runs TU work that does not start in the layer (the proxy's Timer C) under the table lock, so it sees and changes
    /// the same state the callbacks do and may call back into the layer. Skipped once the layer is disposed.
    public void RunLocked<TState>(Action<TState> work, TState state)
    {
        ArgumentNullException.ThrowIfNull(work);
        lock (_transactionTableLock)
        {
            if (!_disposed)
            {
                work(state);
            }
        }
    }

    public void Dispose()
    {
        lock (_transactionTableLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _completed.Clear();
            _completed.Dispose();

            // Terminate removes from the tables, so walk copies.
            foreach (var transaction in _clientTransactions.Values.ToArray())
            {
                transaction.Abandon();
            }

            foreach (var transaction in _serverTransactions.Values.Concat(_legacyServerTransactions).ToArray())
            {
                transaction.Abandon();
            }
        }
    }

    internal bool SendResponse(SipServerTransaction transaction, SipMessage response)
    {
        lock (_transactionTableLock)
        {
            return !_disposed && transaction.State != SipTransactionState.Terminated && transaction.Respond(response);
        }
    }

    internal void OnTimerCallback(SipTransaction transaction, SipTransactionTimer timer)
    {
        lock (_transactionTableLock)
        {
            if (_disposed || transaction.State == SipTransactionState.Terminated)
            {
                return;
            }

            var due = timer.TakeDue();
            if (due != SipTimerKind.None)
            {
                transaction.OnTimer(due);
            }
        }
    }

    /// A non-INVITE server transaction over UDP sends its final response: the bytes go out and stay in the compact
    /// table for Timer J, and the transaction leaves the main table (its object lives on only while the TU holds it).
    /// Called with the lock held.
    internal void CompleteCompactly(SipServerTransaction transaction, SipServerTransactionKey key, SipMessage response)
    {
        var bytes = new byte[SipSerializer.GetByteCount(response)];
        if (!SipSerializer.TryWrite(response, bytes, out var written))
        {
            return;
        }

        if (written != bytes.Length)
        {
            bytes = bytes.AsSpan(0, written).ToArray();
        }

        Transport.SendDatagram(bytes, transaction.Remote);
        _serverTransactions.Remove(key);
        _completed.Add(key, bytes, transaction.Remote);
    }

    /// Called by a transaction as it terminates, with the lock held.
    internal void Remove(SipTransaction transaction)
    {
        switch (transaction)
        {
            case SipClientTransaction client:
                _clientTransactions.Remove(client.Key);
                break;
            case SipServerTransaction { Key: { } key }:
                _serverTransactions.Remove(key);
                break;
            case SipServerTransaction legacy:
                _legacyServerTransactions.Remove(legacy);
                break;
        }
    }

    private void SweepCompleted()
    {
        lock (_transactionTableLock)
        {
            if (!_disposed)
            {
                _completed.Sweep();
            }
        }
    }

    private SipServerTransaction? FindLegacyLocked(SipRfc2543Identity identity, bool isAck)
    {
        foreach (var transaction in _legacyServerTransactions)
        {
            var candidate = transaction.LegacyIdentity!;
            if (isAck)
            {
                if (transaction is SipInviteServerTransaction && candidate.MatchesAck(identity, ToTagOf(transaction.LastResponse)))
                {
                    return transaction;
                }
            }
            else if (string.Equals(transaction.Request.Method, identity.Request.Method, StringComparison.Ordinal) && candidate.MatchesRequest(identity))
            {
                return transaction;
            }
        }

        return null;
    }

    private static string? ToTagOf(SipMessage? response)
    {
        if (response is null)
        {
            return null;
        }

        var to = response.GetTo();
        return to.IsSuccess ? to.Value.Tag : null;
    }
}
