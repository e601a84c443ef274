using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using HomeTelco.Torrent.Bencoding;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Dht;

/// <summary>
/// A Kademlia DHT node (BEP 5) over IPv4 UDP: answers ping, find_node, get_peers and announce_peer for others,
/// and finds and announces peers for our own torrents by iterative lookups. Its id and routing table survive
/// restarts through <see cref="IDhtStateStore"/>. Every table is bounded and every source is rate-limited, so a
/// hostile node can neither grow our memory nor make us answer floods.
/// </summary>
public sealed class DhtEngine : IAsyncDisposable
{
    private const int MaxNodesPerAnswer = 16;
    private const int MaxRateTableEntries = 4_096;

    private readonly DhtOptions _options;
    private readonly IDhtStateStore? _store;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly RoutingTable _table;
    private readonly DhtPeerStore _peerStore;
    private readonly DhtTokens _tokens;
    private readonly ConcurrentDictionary<ushort, PendingQuery> _pending = new();
    private readonly Dictionary<IPAddress, (long Second, int Count)> _querySources = [];
    private readonly List<DhtContact> _savedNodes;
    private readonly CancellationTokenSource _stop = new();

    // A box without internet retries the bootstrap every minute: what it logs is each change, not each attempt.
    private readonly ConcurrentDictionary<string, bool> _reportedBootstrapProblems = new(StringComparer.Ordinal);
    private int _reportedNodeCount = -1;
    private Socket? _socket;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _maintenanceLoop = Task.CompletedTask;
    private int _nextTransaction = Random.Shared.Next(ushort.MaxValue);
    private long _queriesAnswered;
    private long _badDatagrams;

    public DhtEngine(DhtOptions options, IDhtStateStore? store, TimeProvider time, ILogger<DhtEngine> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _store = store;
        _time = time;
        _logger = logger;
        var saved = LoadState();
        Id = saved?.Self ?? NodeId.Random();
        _savedNodes = [.. saved?.Nodes ?? []];
        _table = new RoutingTable(Id, time);
        _peerStore = new DhtPeerStore(time);
        _tokens = new DhtTokens(time);
    }

    /// <summary>Our node id, the same across restarts.</summary>
    public NodeId Id { get; }

    /// <summary>The UDP port bound, once started.</summary>
    public int Port { get; private set; }

    /// <summary>Nodes in the routing table.</summary>
    public int NodeCount
    {
        get
        {
            lock (_gate)
            {
                return _table.Count;
            }
        }
    }

    /// <summary>Queries from other nodes answered since start.</summary>
    public long QueriesAnswered => Interlocked.Read(ref _queriesAnswered);

    /// <summary>Datagrams dropped as malformed or over a source's rate.</summary>
    public long BadDatagrams => Interlocked.Read(ref _badDatagrams);

    /// <summary>Binds the socket and starts answering; joining the network is <see cref="BootstrapAsync"/>.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.Bind(new IPEndPoint(_options.ListenAddress ?? IPAddress.Any, _options.Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _socket = socket;
        Port = ((IPEndPoint)socket.LocalEndPoint!).Port;
        Log.DhtListening(_logger, Port, Id.ToString());
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stop.Token), CancellationToken.None);
        _maintenanceLoop = Task.Run(() => MaintenanceLoopAsync(_stop.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Joins the network: a find_node lookup for our own id, seeded with the nodes saved last run and the
    /// configured bootstrap nodes. Returns the number of nodes in the table afterwards.
    /// </summary>
    public async Task<int> BootstrapAsync(CancellationToken cancellationToken)
    {
        var lookup = new DhtLookup(Id);
        foreach (var node in _savedNodes)
        {
            lookup.Offer(node.Id, node.EndPoint);
        }

        foreach (var endPoint in await ResolveBootstrapAsync(cancellationToken).ConfigureAwait(false))
        {
            lookup.Offer(null, endPoint);
        }

        await RunLookupAsync(lookup, getPeers: false, cancellationToken).ConfigureAwait(false);
        var count = NodeCount;
        if (Interlocked.Exchange(ref _reportedNodeCount, count) != count)
        {
            Log.DhtBootstrapped(_logger, count);
        }

        return count;
    }

    /// <summary>Finds peers for <paramref name="infoHash"/> by an iterative get_peers lookup.</summary>
    public async Task<IReadOnlyList<IPEndPoint>> GetPeersAsync(InfoHash infoHash, CancellationToken cancellationToken)
    {
        var lookup = SeededLookup(NodeId.FromInfoHash(infoHash));
        await RunLookupAsync(lookup, getPeers: true, cancellationToken).ConfigureAwait(false);
        return [.. lookup.Peers];
    }

    /// <summary>
    /// Finds peers for <paramref name="infoHash"/> and announces that we serve it on TCP <paramref name="port"/>
    /// to the closest nodes that gave us a token. Returns the peers found and how many nodes took the announcement.
    /// </summary>
    public async Task<(IReadOnlyList<IPEndPoint> Peers, int AnnouncedTo)> AnnounceAsync(InfoHash infoHash, int port, CancellationToken cancellationToken)
    {
        var target = NodeId.FromInfoHash(infoHash);
        var lookup = SeededLookup(target);
        await RunLookupAsync(lookup, getPeers: true, cancellationToken).ConfigureAwait(false);
        var announces = lookup.ClosestAnswered()
            .Where(c => c.Token is not null)
            .Select(c => QueryAsync(c.EndPoint, t => KrpcWriter.AnnouncePeer(t, Id, target, port, c.Token), cancellationToken));
        var answers = await Task.WhenAll(announces).ConfigureAwait(false);
        return ([.. lookup.Peers], answers.Count(a => a is { Kind: KrpcKind.Response }));
    }

    /// <summary>A peer told us its DHT port (BEP 5's PORT message): ping it, and it joins the table if it answers.</summary>
    public void AddNodeHint(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        _ = PingAsync(endPoint, _stop.Token);
    }

    /// <summary>Stops, saves the routing table, and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        try
        {
            await Task.WhenAll(_receiveLoop, _maintenanceLoop).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        SaveState();
        _stop.Dispose();
    }

    private DhtLookup SeededLookup(NodeId target)
    {
        var lookup = new DhtLookup(target);
        List<DhtContact> seeds;
        lock (_gate)
        {
            seeds = _table.Closest(target, RoutingTable.K * 2);
        }

        foreach (var seed in seeds)
        {
            lookup.Offer(seed.Id, seed.EndPoint);
        }

        return lookup;
    }

    private async Task RunLookupAsync(DhtLookup lookup, bool getPeers, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
        deadline.CancelAfter(_options.LookupTimeout);
        var inFlight = new List<Task<(DhtLookup.Candidate Candidate, KrpcMessage? Answer)>>();
        try
        {
            while (true)
            {
                while (inFlight.Count < _options.Parallelism && lookup.QueriesSent < _options.MaxQueriesPerLookup
                    && lookup.NextToAsk() is { } candidate)
                {
                    inFlight.Add(AskAsync(candidate, lookup.Target, getPeers, deadline.Token));
                }

                if (inFlight.Count == 0)
                {
                    return;
                }

                var done = await Task.WhenAny(inFlight).ConfigureAwait(false);
                inFlight.Remove(done);
                var (asked, answer) = await done.ConfigureAwait(false);
                if (answer is not { Kind: KrpcKind.Response, Body: { } body })
                {
                    DhtLookup.Failed(asked);
                    continue;
                }

                var closer = body.TryGet<BString>("nodes", out var nodes) && nodes is not null
                    ? CompactFormat.ReadNodes(nodes.Bytes.Span, MaxNodesPerAnswer)
                    : [];
                var peers = ReadValues(body);
                var token = body.TryGet<BString>("token", out var t) && t is { Bytes.Length: > 0 and <= 64 } ? t.Bytes.ToArray() : null;
                lookup.Answered(asked, answer.Sender, closer.Where(n => n.Id != Id), peers, token);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The lookup's own deadline or the node stopping: what was found so far stands.
        }
    }

    private async Task<(DhtLookup.Candidate, KrpcMessage?)> AskAsync(DhtLookup.Candidate candidate, NodeId target, bool getPeers, CancellationToken cancellationToken)
    {
        var answer = await QueryAsync(
            candidate.EndPoint,
            t => getPeers ? KrpcWriter.GetPeers(t, Id, target) : KrpcWriter.FindNode(t, Id, target),
            cancellationToken).ConfigureAwait(false);
        if (answer is null && candidate.Id is { } id)
        {
            lock (_gate)
            {
                _table.Failed(id);
            }
        }

        return (candidate, answer);
    }

    private async Task<KrpcMessage?> PingAsync(IPEndPoint endPoint, CancellationToken cancellationToken) =>
        await QueryAsync(endPoint, t => KrpcWriter.Ping(t, Id), cancellationToken).ConfigureAwait(false);

    // Sends one query and waits for its answer; null on timeout, send failure or an error answer's absence.
    private async Task<KrpcMessage?> QueryAsync(IPEndPoint to, Func<ushort, byte[]> build, CancellationToken cancellationToken)
    {
        var socket = _socket;
        if (socket is null)
        {
            return null;
        }

        var transaction = (ushort)Interlocked.Increment(ref _nextTransaction);
        var pending = new PendingQuery(to);
        if (!_pending.TryAdd(transaction, pending))
        {
            return null;
        }

        try
        {
            await socket.SendToAsync(build(transaction), SocketFlags.None, to, cancellationToken).ConfigureAwait(false);
            return await pending.Answer.Task.WaitAsync(_options.QueryTimeout, _time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return null;
        }
        catch (SocketException)
        {
            return null;
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            _pending.TryRemove(transaction, out _);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        var socket = _socket!;
        var buffer = new byte[KrpcMessage.MaxDatagram + 1];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // An ICMP error from an earlier send surfaces here on some stacks; the socket is still good.
                continue;
            }

            var source = (IPEndPoint)received.RemoteEndPoint;
            try
            {
                // The message keeps slices of what it parsed, so it gets its own copy; the receive buffer is reused.
                Handle(buffer.AsSpan(0, received.ReceivedBytes).ToArray(), source);
            }
#pragma warning disable CA1031 // One bad datagram must never stop the node; it is counted and logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Interlocked.Increment(ref _badDatagrams);
                Log.DhtHandlerFailed(_logger, source.ToString(), ex);
            }
        }
    }

    private void Handle(byte[] datagram, IPEndPoint source)
    {
        string? error = "source port 0";
        if (source.Port == 0 || !KrpcMessage.TryParse(datagram, out var message, out error))
        {
            Interlocked.Increment(ref _badDatagrams);
            Log.DhtBadDatagram(_logger, source.ToString(), error ?? "malformed");
            return;
        }

        switch (message!.Kind)
        {
            case KrpcKind.Query:
                if (!AdmitQuery(source.Address))
                {
                    Interlocked.Increment(ref _badDatagrams);
                    return;
                }

                Answer(message, source);
                break;
            default:
                if (message.TransactionId.Length == 2)
                {
                    var t = (ushort)((message.TransactionId.Span[0] << 8) | message.TransactionId.Span[1]);
                    if (_pending.TryGetValue(t, out var pending) && pending.To.Equals(source))
                    {
                        if (message.Kind == KrpcKind.Response)
                        {
                            lock (_gate)
                            {
                                _table.Seen(message.Sender, source, responded: true);
                            }
                        }

                        pending.Answer.TrySetResult(message);
                    }
                }

                break;
        }
    }

    private void Answer(KrpcMessage query, IPEndPoint source)
    {
        var body = query.Body!;
        var t = query.TransactionId.Span;
        byte[] reply;
        bool unknownSender;
        lock (_gate)
        {
            unknownSender = !query.ReadOnly && !_table.Seen(query.Sender, source, responded: false);
            reply = query.Method switch
            {
                "ping" => KrpcWriter.Response(t, Id, null, null, null),
                "find_node" => TryReadId(body, "target", out var target)
                    ? KrpcWriter.Response(t, Id, CompactFormat.WriteNodes(_table.Closest(target)), null, null)
                    : KrpcWriter.Error(t, 203, "find_node needs a 20-byte target"),
                "get_peers" => TryReadId(body, "info_hash", out var hash)
                    ? AnswerGetPeers(t, hash, source)
                    : KrpcWriter.Error(t, 203, "get_peers needs a 20-byte info_hash"),
                "announce_peer" => AnswerAnnounce(t, body, source),
                _ => KrpcWriter.Error(t, 204, "Method Unknown"),
            };
        }

        _ = _socket?.SendToAsync(reply, SocketFlags.None, source);
        Interlocked.Increment(ref _queriesAnswered);
        if (unknownSender)
        {
            // BEP 5: a node earns its place in the table by answering us, so a new querier is pinged once.
            _ = PingAsync(source, _stop.Token);
        }
    }

    private byte[] AnswerGetPeers(ReadOnlySpan<byte> t, NodeId hash, IPEndPoint source)
    {
        var token = _tokens.Issue(source.Address);
        var peers = _peerStore.Get(hash, 50);
        return peers.Count > 0
            ? KrpcWriter.Response(t, Id, null, token, peers)
            : KrpcWriter.Response(t, Id, CompactFormat.WriteNodes(_table.Closest(hash)), token, null);
    }

    private byte[] AnswerAnnounce(ReadOnlySpan<byte> t, BDictionary body, IPEndPoint source)
    {
        if (!TryReadId(body, "info_hash", out var hash) || !body.TryGet<BString>("token", out var token) || token is null)
        {
            return KrpcWriter.Error(t, 203, "announce_peer needs info_hash and token");
        }

        if (!_tokens.IsValid(source.Address, token.Bytes.Span))
        {
            return KrpcWriter.Error(t, 203, "bad token");
        }

        var implied = body.TryGet<BInteger>("implied_port", out var ip) && ip is { Value: 1 };
        var port = implied ? source.Port : body.TryGet<BInteger>("port", out var p) && p is { Value: > 0 and <= ushort.MaxValue } ? (int)p.Value : 0;
        if (port == 0)
        {
            return KrpcWriter.Error(t, 203, "announce_peer needs a port");
        }

        _peerStore.Add(hash, new IPEndPoint(source.Address, port));
        return KrpcWriter.Response(t, Id, null, null, null);
    }

    // A fixed one-second window per source address; the table is cleared when it grows past its bound.
    private bool AdmitQuery(IPAddress address)
    {
        var second = _time.GetTimestamp() / _time.TimestampFrequency;
        lock (_gate)
        {
            if (_querySources.Count >= MaxRateTableEntries && !_querySources.ContainsKey(address))
            {
                _querySources.Clear();
            }

            var entry = _querySources.TryGetValue(address, out var e) && e.Second == second ? e : (Second: second, Count: 0);
            if (entry.Count >= _options.QueriesPerSecondPerSource)
            {
                return false;
            }

            _querySources[address] = (second, entry.Count + 1);
            return true;
        }
    }

    private async Task MaintenanceLoopAsync(CancellationToken cancellationToken)
    {
        var lastSave = _time.GetUtcNow();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMinutes(1), _time, cancellationToken).ConfigureAwait(false);
                List<NodeId> refresh;
                List<DhtContact> questionable;
                lock (_gate)
                {
                    refresh = _table.RefreshTargets();
                    questionable = _table.Questionable(8);
                    _peerStore.Expire();
                }

                await Task.WhenAll(questionable.Select(async q =>
                {
                    if (await PingAsync(q.EndPoint, cancellationToken).ConfigureAwait(false) is null)
                    {
                        lock (_gate)
                        {
                            _table.Failed(q.Id);
                        }
                    }
                })).ConfigureAwait(false);
                foreach (var target in refresh.Take(4))
                {
                    await RunLookupAsync(SeededLookup(target), getPeers: false, cancellationToken).ConfigureAwait(false);
                }

                if (NodeCount == 0)
                {
                    await BootstrapAsync(cancellationToken).ConfigureAwait(false);
                }

                if (_time.GetUtcNow() - lastSave >= _options.SaveInterval)
                {
                    SaveState();
                    lastSave = _time.GetUtcNow();
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<List<IPEndPoint>> ResolveBootstrapAsync(CancellationToken cancellationToken)
    {
        var endPoints = new List<IPEndPoint>();
        foreach (var entry in _options.BootstrapNodes)
        {
            var colon = entry.LastIndexOf(':');
            if (colon <= 0 || !int.TryParse(entry.AsSpan(colon + 1), System.Globalization.CultureInfo.InvariantCulture, out var port) || port is <= 0 or > ushort.MaxValue)
            {
                if (_reportedBootstrapProblems.TryAdd(entry, true))
                {
                    Log.DhtBadBootstrap(_logger, entry);
                }

                continue;
            }

            var host = entry[..colon];
            if (IPAddress.TryParse(host, out var literal))
            {
                endPoints.Add(new IPEndPoint(literal, port));
                continue;
            }

            try
            {
                var addresses = await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, cancellationToken).ConfigureAwait(false);
                endPoints.AddRange(addresses.Take(2).Select(a => new IPEndPoint(a, port)));
                _reportedBootstrapProblems.TryRemove(entry, out _);
            }
            catch (SocketException ex)
            {
                if (_reportedBootstrapProblems.TryAdd(entry, true))
                {
                    Log.DhtBootstrapUnresolved(_logger, host, ex.Message);
                }
            }
        }

        return endPoints;
    }

    private DhtState? LoadState()
    {
        try
        {
            return _store?.Load();
        }
#pragma warning disable CA1031 // A damaged saved table costs only a slower start: start fresh.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.DhtStateUnreadable(_logger, ex.Message);
            return null;
        }
    }

    private void SaveState()
    {
        if (_store is null)
        {
            return;
        }

        List<DhtContact> nodes;
        lock (_gate)
        {
            nodes = _table.All();
        }

        try
        {
            _store.Save(new DhtState(Id, nodes));
        }
#pragma warning disable CA1031 // Saving is best effort; the next save tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.DhtStateUnreadable(_logger, ex.Message);
        }
    }

    private static bool TryReadId(BDictionary body, string key, out NodeId id)
    {
        if (body.TryGet<BString>(key, out var raw) && raw is { Bytes.Length: NodeId.Length })
        {
            id = NodeId.FromBytes(raw.Bytes.Span);
            return true;
        }

        id = default;
        return false;
    }

    private static List<IPEndPoint> ReadValues(BDictionary body)
    {
        var peers = new List<IPEndPoint>();
        if (body.TryGet<BList>("values", out var values) && values is not null)
        {
            foreach (var item in values.Items.Take(200))
            {
                if (item is BString { Bytes.Length: CompactFormat.PeerLength } compact && CompactFormat.ReadPeer(compact.Bytes.Span) is { } peer)
                {
                    peers.Add(peer);
                }
            }
        }

        return peers;
    }

    private sealed class PendingQuery(IPEndPoint to)
    {
        public IPEndPoint To { get; } = to;

        public TaskCompletionSource<KrpcMessage?> Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
