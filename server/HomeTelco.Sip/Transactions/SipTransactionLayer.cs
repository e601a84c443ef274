using System.Buffers;
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

    // The lingering states, one table per RFC timer (entries of a table share a lifetime): Timers J and L (64·T1) and
    // Timer I (T4) on the server side; Timers M (64·T1), D and K (T4) on the client side.
    private readonly SipCompactTable<SipCompactKey> _serverLingering;
    private readonly SipCompactTable<SipCompactKey> _serverConfirmed;
    private readonly SipCompactTable<SipCompactKey> _clientAccepted;
    private readonly SipCompactTable<SipCompactKey> _clientCompletedInvite;
    private readonly SipCompactTable<SipCompactKey> _clientCompletedNonInvite;
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
        Timers = new SipTimerScheduler(timeProvider, FireTimers);
        var capacity = options.MaxCompletedTransactions;
        _serverLingering = new(capacity, options.TimeoutInterval, timeProvider, Sweep);
        _serverConfirmed = new(capacity, options.T4, timeProvider, Sweep);
        _clientAccepted = new(capacity, options.TimeoutInterval, timeProvider, Sweep);
        _clientCompletedInvite = new(capacity, options.TimerD, timeProvider, Sweep);
        _clientCompletedNonInvite = new(capacity, options.T4, timeProvider, Sweep);
    }

    /// Transactions alive now, client and server, including the compact lingering ones.
    public int Count
    {
        get
        {
            lock (_transactionTableLock)
            {
                return CountLocked + _serverLingering.Count + _serverConfirmed.Count + _clientAccepted.Count
                    + _clientCompletedInvite.Count + _clientCompletedNonInvite.Count;
            }
        }
    }

    /// Lingering transactions dropped before their timer ended because their compact table was full.
    public long ShedCompleted
    {
        get
        {
            lock (_transactionTableLock)
            {
                return _serverLingering.Shed + _serverConfirmed.Shed + _clientAccepted.Shed
                    + _clientCompletedInvite.Shed + _clientCompletedNonInvite.Shed;
            }
        }
    }

    internal ISipTransactionTransport Transport { get; }

    internal ISipTransactionUser User { get; }

    internal TimeProvider TimeProvider { get; }

    internal SipTransactionOptions Options { get; }

    /// Every transaction timer and the proxy's Timer C; used with the table lock held.
    internal SipTimerScheduler Timers { get; }

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
            if (existing is null && key is { } lingeringKey && TryLingeringRequestLocked(lingeringKey, request, isAck))
            {
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

            if (via.IsSuccess && via.Value.Branch is { } lingeringBranch && cseq.IsSuccess
                && TryLingeringResponseLocked(new SipClientTransactionKey(lingeringBranch, cseq.Value.Method), response, source))
            {
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

            // Each cleared (which stops its timer) before disposed: a disposed timer cannot be changed.
            _serverLingering.Clear();
            _serverConfirmed.Clear();
            _clientAccepted.Clear();
            _clientCompletedInvite.Clear();
            _clientCompletedNonInvite.Clear();
            _serverLingering.Dispose();
            _serverConfirmed.Dispose();
            _clientAccepted.Dispose();
            _clientCompletedInvite.Dispose();
            _clientCompletedNonInvite.Dispose();

            // Terminate removes from the tables, so walk copies.
            foreach (var transaction in _clientTransactions.Values.ToArray())
            {
                transaction.Abandon();
            }

            foreach (var transaction in _serverTransactions.Values.Concat(_legacyServerTransactions).ToArray())
            {
                transaction.Abandon();
            }

            Timers.Clear();
            Timers.Dispose();
        }
    }

    internal bool SendResponse(SipServerTransaction transaction, SipMessage response)
    {
        lock (_transactionTableLock)
        {
            return !_disposed && transaction.State != SipTransactionState.Terminated && transaction.Respond(response);
        }
    }

    private void FireTimers()
    {
        lock (_transactionTableLock)
        {
            if (!_disposed)
            {
                Timers.FireDue();
            }
        }
    }

    /// Serializes a message into a pooled buffer, sends it as a datagram and lingers <paramref name="transaction"/> in
    /// <paramref name="kind"/> with a copy of those bytes to resend (see <see cref="Linger"/>). False, with nothing sent
    /// and nothing changed, when the message cannot be written. Called with the lock held.
    internal bool SendAndLinger(SipTransaction transaction, SipMessage message, SipCompactKind kind, out (long Since, TimeSpan Lifetime) lingering)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(SipSerializer.GetByteCount(message));
        try
        {
            if (!SipSerializer.TryWrite(message, buffer, out var written))
            {
                lingering = default;
                return false;
            }

            var bytes = buffer.AsSpan(0, written);
            Transport.SendDatagram(bytes, transaction.Remote);
            lingering = Linger(transaction, kind, bytes, hasBytes: true);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// A transaction enters a state that only lingers: it leaves the main table for the compact table of that state's
    /// timer (its object lives on only while the TU holds it). Returns when the state began and how long it lasts.
    /// Called with the lock held.
    internal (long Since, TimeSpan Lifetime) Linger(SipTransaction transaction, SipCompactKind kind, ReadOnlySpan<byte> bytes, bool hasBytes)
    {
        switch (transaction)
        {
            case SipClientTransaction client:
                RemoveClientLocked(client);
                var clientTable = kind switch
                {
                    SipCompactKind.AcceptedInviteClient => _clientAccepted,
                    SipCompactKind.CompletedInviteClient => _clientCompletedInvite,
                    _ => _clientCompletedNonInvite,
                };
                return (clientTable.Add(SipCompactKey.Of(client.Key), kind, bytes, hasBytes, client.Remote), clientTable.Lifetime);
            case SipServerTransaction { Key: { } key } server:
                RemoveServerLocked(server, key);
                var serverTable = kind == SipCompactKind.ConfirmedInviteServer ? _serverConfirmed : _serverLingering;
                return (serverTable.Add(SipCompactKey.Of(key), kind, bytes, hasBytes, server.Remote), serverTable.Lifetime);
            default:
                throw new InvalidOperationException("Only keyed server transactions and client transactions linger compactly.");
        }
    }

    /// Called by a transaction as it terminates, with the lock held.
    internal void Remove(SipTransaction transaction)
    {
        switch (transaction)
        {
            case SipClientTransaction client:
                RemoveClientLocked(client);
                break;
            case SipServerTransaction { Key: { } key } server:
                RemoveServerLocked(server, key);
                break;
            case SipServerTransaction legacy:
                _legacyServerTransactions.Remove(legacy);
                break;
        }
    }

    // A key leaves the main table only for the transaction that holds it: one shed from a compact table and then
    // received again has a new transaction under the same key.
    private void RemoveClientLocked(SipClientTransaction client)
    {
        if (_clientTransactions.TryGetValue(client.Key, out var held) && ReferenceEquals(held, client))
        {
            _clientTransactions.Remove(client.Key);
        }
    }

    private void RemoveServerLocked(SipServerTransaction server, SipServerTransactionKey key)
    {
        if (_serverTransactions.TryGetValue(key, out var held) && ReferenceEquals(held, server))
        {
            _serverTransactions.Remove(key);
        }
    }

    /// A request matching a lingering server transaction: answered, absorbed or passed on as its state says. False when
    /// nothing lingers under the key (it is then a new request, or an ACK for a 2xx of no transaction).
    private bool TryLingeringRequestLocked(SipServerTransactionKey transactionKey, SipMessage request, bool isAck)
    {
        var key = SipCompactKey.Of(transactionKey);
        if (_serverLingering.TryGetEntry(key, out var entry))
        {
            switch (entry.Kind)
            {
                case SipCompactKind.CompletedNonInviteServer when !isAck:
                    // §17.2.2: a retransmission in Completed gets the final response again.
                    if (entry.Bytes is { } response)
                    {
                        Transport.SendDatagram(response, entry.Remote);
                    }

                    return true;
                case SipCompactKind.AcceptedInviteServer when isAck:
                    // RFC 6026 §8.7: an ACK that matches while Accepted belongs to the dialog.
                    User.OnAck(request, entry.Remote);
                    return true;
                case SipCompactKind.AcceptedInviteServer:
                    // RFC 6026 §8.7: a retransmitted INVITE is absorbed while Accepted.
                    return true;
            }
        }

        // §17.2.1: Confirmed absorbs retransmitted ACKs (and the INVITE's, whose final response was acknowledged).
        return _serverConfirmed.TryGet(key, out SipCompactKind _);
    }

    /// A response matching a lingering client transaction: an Accepted INVITE passes further 2xx to the core, a
    /// Completed INVITE answers a retransmitted final with its ACK again, the rest is absorbed (§17.1.1.2, §17.1.2.2,
    /// RFC 6026 §8.4). False when nothing lingers under the key.
    private bool TryLingeringResponseLocked(SipClientTransactionKey transactionKey, SipMessage response, SipEndPoint source)
    {
        var key = SipCompactKey.Of(transactionKey);
        if (_clientAccepted.TryGet(key, out SipCompactKind _))
        {
            if (response.StatusCode is >= 200 and < 300)
            {
                User.OnStrayResponse(response, source);
            }

            return true;
        }

        if (_clientCompletedInvite.TryGetEntry(key, out var completed))
        {
            if (response.StatusCode >= 300 && completed.Bytes is { } ack)
            {
                Transport.SendDatagram(ack, completed.Remote);
            }

            return true;
        }

        return _clientCompletedNonInvite.TryGet(key, out SipCompactKind _);
    }

    private void Sweep(SipCompactTable<SipCompactKey> table)
    {
        lock (_transactionTableLock)
        {
            if (!_disposed)
            {
                table.Sweep();
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
