using System.Net;
using HomeTelco.Sip.Messages;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// One stream connection (TCP, TLS or WebSocket, accepted or opened by the box): its bounded send queue drained by one
/// writer loop, and the times the connection table's sweeper judges it by (last traffic from the peer, a message or a
/// write left unfinished, a registration's pin). Whoever reads the connection owns it and disposes it when reading ends;
/// anyone may <see cref="Close"/> it, which only asks the reader and writer to stop.
/// </summary>
internal sealed class SipConnection : IAsyncDisposable
{
    private const int Establishing = 0;
    private const int Open = 1;
    private const int Disposed = 2;

    private readonly CancellationTokenSource _closing = new();
    private readonly SipSendQueue _queue;
    private readonly TimeProvider _time;
    private readonly Action<SipMessage>? _sendFailed;
    private readonly long _establishDeadline;
    private ISipWire? _wire;
    private Task _writer = Task.CompletedTask;
    private long _lastActivity;
    private long _messageStarted;
    private long _writeStarted;
    private long _pinnedUntil;
    private int _state;
    private string? _closeReason;

    /// <param name="id">Unique among the box's connections.</param>
    /// <param name="kind">TCP, TLS, WS or WSS.</param>
    /// <param name="remote">The peer's address and port.</param>
    /// <param name="outbound">True when the box opens the connection.</param>
    /// <param name="options">Queue bounds.</param>
    /// <param name="time">The clock the timeouts are measured on.</param>
    /// <param name="establishWithin">How long connecting or the TLS handshake may take before <see cref="Start"/>.</param>
    /// <param name="sendFailed">Told about every request that was queued here but never written (RFC 3261 §17.1.4).</param>
    public SipConnection(long id, SipTransportKind kind, IPEndPoint remote, bool outbound, SipTransportOptions options, TimeProvider time, TimeSpan establishWithin, Action<SipMessage>? sendFailed)
    {
        ArgumentNullException.ThrowIfNull(options);
        Id = id;
        Kind = kind;
        Remote = remote;
        IsOutbound = outbound;
        EndPoint = new SipEndPoint(kind, remote, id);
        _time = time;
        _sendFailed = sendFailed;
        _queue = new SipSendQueue(options.MaxQueuedMessages, options.MaxQueuedBytes);
        Closing = _closing.Token;
        var now = Now;
        _lastActivity = now;
        _establishDeadline = now + establishWithin.Ticks;
    }

    public long Id { get; }

    public SipTransportKind Kind { get; }

    public IPEndPoint Remote { get; }

    /// <summary>True when the box opened the connection (not counted against the peer's per-source limit).</summary>
    public bool IsOutbound { get; }

    /// <summary>What messages read from this connection are stamped with, so answers come back over it.</summary>
    public SipEndPoint EndPoint { get; }

    /// <summary>Cancelled once the connection is asked to close; the reader and the writer stop on it.</summary>
    public CancellationToken Closing { get; }

    /// <summary>Why the connection was closed, once it was.</summary>
    public string? CloseReason => Volatile.Read(ref _closeReason);

    public bool IsClosing => _closing.IsCancellationRequested;

    public DateTimeOffset PinnedUntil => new(Volatile.Read(ref _pinnedUntil), TimeSpan.Zero);

    private long Now => _time.GetUtcNow().UtcTicks;

    /// <summary>The connection is up (connected, handshake done): starts the writer loop on <paramref name="wire"/>.</summary>
    public void Start(ISipWire wire)
    {
        ArgumentNullException.ThrowIfNull(wire);
        if (Interlocked.CompareExchange(ref _state, Open, Establishing) != Establishing)
        {
            return;
        }

        _wire = wire;
        Touch();
        _writer = WriteLoopAsync(wire);
    }

    /// <summary>
    /// Queues a message without waiting (the caller may hold the transaction lock); on success the connection owns the
    /// bytes. A full queue means the peer is not reading: the connection is closed as too slow and this returns false.
    /// </summary>
    public bool TryEnqueue(SipOutbound item)
    {
        if (IsClosing)
        {
            return false;
        }

        if (_queue.TryEnqueue(item))
        {
            return true;
        }

        Close("send queue full: the peer is not reading");
        return false;
    }

    /// <summary>The peer sent something (a message, part of one, a keep-alive).</summary>
    public void Touch() => Volatile.Write(ref _lastActivity, Now);

    /// <summary>The reader holds the start of a message and waits for the rest; the message timeout runs from the first call.</summary>
    public void MessagePending()
    {
        if (Volatile.Read(ref _messageStarted) == 0)
        {
            Volatile.Write(ref _messageStarted, Now);
        }
    }

    /// <summary>The reader is between messages again.</summary>
    public void MessageDone() => Volatile.Write(ref _messageStarted, 0);

    /// <summary>Keeps the connection open while idle until <paramref name="until"/> (a registration's expiry); a later call replaces it.</summary>
    public void Pin(DateTimeOffset until) => Volatile.Write(ref _pinnedUntil, until.UtcTicks);

    /// <summary>Asks the connection to close (idempotent, never waits, safe with any lock held): the first reason wins.</summary>
    public void Close(string reason)
    {
        if (Interlocked.CompareExchange(ref _closeReason, reason, null) is not null)
        {
            return;
        }

        try
        {
            // Callbacks run on the thread pool, never inline under a caller's lock.
            _ = _closing.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Why the sweeper should close the connection at <paramref name="nowTicks"/> (UTC ticks), or null to leave it.</summary>
    public string? Expired(long nowTicks, SipTransportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Volatile.Read(ref _state) == Establishing)
        {
            return nowTicks > _establishDeadline ? (IsOutbound ? "connect timed out" : "handshake not finished in time") : null;
        }

        var writeStarted = Volatile.Read(ref _writeStarted);
        if (writeStarted != 0 && nowTicks - writeStarted > options.MessageTimeout.Ticks)
        {
            return "the peer is not taking data";
        }

        var messageStarted = Volatile.Read(ref _messageStarted);
        if (messageStarted != 0 && nowTicks - messageStarted > options.MessageTimeout.Ticks)
        {
            return "message not finished in time";
        }

        if (nowTicks - Volatile.Read(ref _lastActivity) > options.IdleTimeout.Ticks && nowTicks >= Volatile.Read(ref _pinnedUntil))
        {
            return "idle";
        }

        return null;
    }

    /// <summary>
    /// Ends the connection after its reader has stopped: stops the writer, reports every request still queued as not
    /// sent, returns the buffers and closes the wire. Only the owner calls this, once.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _state, Disposed) == Disposed)
        {
            return;
        }

        Close("closed");
        await _writer.ConfigureAwait(false);
        _queue.Complete();
        while (_queue.TryDequeue(out var item))
        {
            Fail(item);
        }

        if (_wire is not null)
        {
            try
            {
                await _wire.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Sockets.SocketException)
            {
                // Closing a broken connection can fail; it is closed either way.
            }
        }

        _closing.Dispose();
    }

    private async Task WriteLoopAsync(ISipWire wire)
    {
        var token = Closing;
        try
        {
            while (await _queue.WaitAsync(token).ConfigureAwait(false))
            {
                while (_queue.TryDequeue(out var item))
                {
                    Volatile.Write(ref _writeStarted, Now);
                    try
                    {
                        await wire.WriteAsync(item.Bytes, token).ConfigureAwait(false);
                    }
                    catch
                    {
                        Fail(item);
                        throw;
                    }

                    Volatile.Write(ref _writeStarted, 0);
                    item.Release();
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            // Whatever the wire throws (reset, aborted socket, TLS alert), this connection is finished; the rest go on.
            Close("write failed: " + ex.GetType().Name);
        }
    }

    private void Fail(SipOutbound item)
    {
        if (item.Request is { } request)
        {
            _sendFailed?.Invoke(request);
        }

        item.Release();
    }
}
