using System.Collections.Concurrent;
using System.Net;
using HomeTelco.Sip.Messages;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// Every stream connection of the box (TCP, TLS, WebSocket; accepted and opened), by id and by remote address for reuse
/// (RFC 3261 §18), within the total and per-source limits. A sweeper on the <see cref="TimeProvider"/> closes connections
/// that are idle (unless pinned by a registration), slow to finish a message or a handshake, or not taking what the box
/// writes. Closing raises <see cref="ConnectionClosed"/> so flows bound to the connection can be forgotten.
/// </summary>
internal sealed class SipConnectionTable : IAsyncDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ShutdownWait = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<long, SipConnection> _connections = new();
    private readonly Dictionary<IPAddress, int> _perSource = [];
    private readonly Dictionary<(SipTransportKind Kind, IPEndPoint Remote), SipConnection> _byRemote = [];
    // Guards the admission state: _perSource, _byRemote, _count and _disposing. Never held while calling out.
    private readonly Lock _admissionLock = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<SipMessage> _reportSendFailure;
    private readonly SipTransportOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private ITimer? _sweeper;
    private long _nextId;
    private int _count;
    private bool _disposing;

    /// <param name="options">Limits and timeouts.</param>
    /// <param name="time">The clock of the timeouts and pins.</param>
    /// <param name="logger">Where closures and refusals are logged.</param>
    /// <param name="firstId">Ids are handed out after this one. The engine starts from the clock, so that an id kept
    /// in a stored registration from before a restart never names a connection of this run.</param>
    public SipConnectionTable(SipTransportOptions options, TimeProvider time, ILogger logger, long firstId = 0)
    {
        _options = options;
        _time = time;
        _logger = logger;
        _nextId = firstId;
        _reportSendFailure = ReportSendFailure;
    }

    /// <summary>Raised once per connection after it closed and left the table (never with a lock held).</summary>
    public event EventHandler<SipConnectionClosedEventArgs>? ConnectionClosed;

    /// <summary>Where requests that were queued on a connection but never written are reported (the transaction layer).</summary>
    public Action<SipMessage>? SendFailed { get; set; }

    public SipTransportOptions Options => _options;

    public TimeProvider Time => _time;

    /// <summary>Open connections of every kind.</summary>
    public int Count => Volatile.Read(ref _count);

    public int CountOf(SipTransportKind kind)
    {
        var count = 0;
        foreach (var pair in _connections)
        {
            count += pair.Value.Kind == kind ? 1 : 0;
        }

        return count;
    }

    /// <summary>Sources whose connections are closed at once (the guard's ban list); set once by the engine.</summary>
    public Func<IPAddress, bool>? Refuses { get; set; }

    /// <summary>Starts the sweeper that enforces the timeouts.</summary>
    public void Start() => _sweeper ??= _time.CreateTimer(static state => ((SipConnectionTable)state!).Sweep(), this, SweepInterval, SweepInterval);

    /// <summary>
    /// Admits a connection a peer opened, if the total and that address's share allow it; null means refuse (close the
    /// socket). <paramref name="establishWithin"/> bounds the time to <see cref="SipConnection.Start"/> (a TLS handshake).
    /// </summary>
    public SipConnection? TryAccept(SipTransportKind kind, IPEndPoint remote, TimeSpan establishWithin)
    {
        // A banned source gets its socket closed before a TLS handshake or a buffer is spent on it.
        if (Refuses?.Invoke(remote.Address) == true)
        {
            return null;
        }

        var connection = TryAdd(kind, remote, outbound: false, establishWithin);
        if (connection is null)
        {
            Log.ConnectionRefused(_logger, SipTransportKinds.ViaToken(kind), remote.ToString());
        }

        return connection;
    }

    /// <summary>Registers a connection the box is about to open; null when the total limit is reached.</summary>
    public SipConnection? TryOpen(SipTransportKind kind, IPEndPoint remote)
    {
        var within = kind == SipTransportKind.Tls ? _options.ConnectTimeout + _options.TlsHandshakeTimeout : _options.ConnectTimeout;
        return TryAdd(kind, remote, outbound: true, within);
    }

    /// <summary>The live connection with this id, or null when it has closed (or is closing).</summary>
    public SipConnection? Find(long connectionId) =>
        _connections.TryGetValue(connectionId, out var connection) && !connection.IsClosing ? connection : null;

    /// <summary>The newest live connection of this kind to exactly this address and port, for reuse.</summary>
    public SipConnection? FindByRemote(SipTransportKind kind, IPEndPoint remote)
    {
        lock (_admissionLock)
        {
            return _byRemote.TryGetValue((kind, remote), out var connection) && !connection.IsClosing ? connection : null;
        }
    }

    /// <summary>
    /// Keeps a connection that carries a registration open while idle until <paramref name="until"/> (phones on TCP may
    /// be silent for many minutes between re-registrations). It still closes when the peer closes it, on errors, on a
    /// message timeout, and at the first idle check after the pin lapses. False when no such connection is open.
    /// </summary>
    public bool Pin(long connectionId, DateTimeOffset until)
    {
        if (Find(connectionId) is not { } connection)
        {
            return false;
        }

        connection.Pin(until);
        return true;
    }

    /// <summary>
    /// Runs a connection's reader as its owner: whatever happens, the connection is then disposed (the writer stopped,
    /// undelivered requests reported) and leaves the table. Never throws.
    /// </summary>
    public async Task RunAsync(SipConnection connection, Func<SipConnection, Task> serve)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(serve);
        try
        {
            await serve(connection).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (connection.IsClosing)
        {
        }
        catch (Exception ex)
        {
            // One connection's failure closes that connection only.
            connection.Close("error");
            Log.HandlerFailed(_logger, connection.Remote.ToString(), ex);
        }
        finally
        {
            connection.Close("closed by the peer");
            await connection.DisposeAsync().ConfigureAwait(false);
            Release(connection);
        }
    }

    /// <summary>Closes every connection and waits (a few seconds at most) for their owners to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        lock (_admissionLock)
        {
            _disposing = true;
            if (_count == 0)
            {
                _drained.TrySetResult();
            }
        }

        if (_sweeper is not null)
        {
            await _sweeper.DisposeAsync().ConfigureAwait(false);
        }

        foreach (var pair in _connections)
        {
            pair.Value.Close("shutting down");
        }

        try
        {
            await _drained.Task.WaitAsync(ShutdownWait).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // An owner stuck in a write to a dead peer; the process is stopping, its socket goes with it.
        }
    }

    private SipConnection? TryAdd(SipTransportKind kind, IPEndPoint remote, bool outbound, TimeSpan establishWithin)
    {
        lock (_admissionLock)
        {
            if (_disposing || _count >= _options.MaxConnections)
            {
                return null;
            }

            if (!outbound)
            {
                _perSource.TryGetValue(remote.Address, out var fromSource);
                if (fromSource >= _options.MaxConnectionsPerSource)
                {
                    return null;
                }

                _perSource[remote.Address] = fromSource + 1;
            }

            _count++;
            var connection = new SipConnection(++_nextId, kind, remote, outbound, _options, _time, establishWithin, _reportSendFailure);
            _connections[connection.Id] = connection;
            _byRemote[(kind, remote)] = connection;
            return connection;
        }
    }

    private void Release(SipConnection connection)
    {
        lock (_admissionLock)
        {
            if (!_connections.TryRemove(connection.Id, out _))
            {
                return;
            }

            _count--;
            if (!connection.IsOutbound && _perSource.TryGetValue(connection.Remote.Address, out var fromSource))
            {
                if (fromSource <= 1)
                {
                    _perSource.Remove(connection.Remote.Address);
                }
                else
                {
                    _perSource[connection.Remote.Address] = fromSource - 1;
                }
            }

            var key = (connection.Kind, connection.Remote);
            if (_byRemote.TryGetValue(key, out var indexed) && ReferenceEquals(indexed, connection))
            {
                _byRemote.Remove(key);
            }

            if (_disposing && _count == 0)
            {
                _drained.TrySetResult();
            }
        }

        var reason = connection.CloseReason ?? "closed";
        Log.ConnectionClosed(_logger, SipTransportKinds.ViaToken(connection.Kind), connection.Remote.ToString(), reason);
        try
        {
            ConnectionClosed?.Invoke(this, new SipConnectionClosedEventArgs(connection.Kind, connection.Id, reason));
        }
        catch (Exception ex)
        {
            // A subscriber's bug must not keep the next connection from being released.
            Log.HandlerFailed(_logger, connection.Remote.ToString(), ex);
        }
    }

    private void ReportSendFailure(SipMessage request) => SendFailed?.Invoke(request);

    private void Sweep()
    {
        var now = _time.GetUtcNow().UtcTicks;
        foreach (var pair in _connections)
        {
            if (pair.Value.Expired(now, _options) is { } reason)
            {
                pair.Value.Close(reason);
            }
        }
    }
}
