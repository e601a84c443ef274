using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Pieces;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>
/// One peer after the handshake: a read loop that frames and checks messages and keeps the peer's state,
/// a bounded send queue drained by one writer, and a housekeeping timer for keep-alives and the idle
/// timeout. It knows nothing of piece picking; the engine drives it through the Send methods and hears
/// back through <see cref="IPeerConnectionHandler"/>. Any protocol violation closes it with a reason.
/// </summary>
internal sealed partial class PeerConnection : IAsyncDisposable
{
    private readonly PeerLink _link;
    private readonly PeerTorrentShape? _shape;
    private readonly IPeerConnectionHandler _handler;
    private readonly PeerConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PeerViolationGate _violations;
    private readonly PeerWireLimits _limits;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly Channel<PeerOutgoing> _sendQueue;
    private readonly CancellationTokenSource _stop = new();
    private int _closed;
    private long _lastReceived;
    private long _lastSent;
    private PeerMessageId? _firstOther;
    private Task _loops = Task.CompletedTask;

    public PeerConnection(
        PeerLink link,
        PeerTorrentShape? shape,
        IPeerConnectionHandler handler,
        PeerConnectionOptions options,
        PeerViolationGate violations,
        TimeProvider time,
        ILogger logger)
    {
        _link = link;
        _shape = shape;
        _handler = handler;
        _options = options;
        _violations = violations;
        _time = time;
        _logger = logger;
        _limits = new PeerWireLimits(shape?.PieceCount ?? 0);
        _input = PipeReader.Create(link.Stream, new StreamPipeReaderOptions(bufferSize: 32 * 1024, minimumReadSize: 4 * 1024, leaveOpen: true));
        _output = PipeWriter.Create(link.Stream, new StreamPipeWriterOptions(minimumBufferSize: 32 * 1024, leaveOpen: true));
        _sendQueue = Channel.CreateBounded<PeerOutgoing>(new BoundedChannelOptions(options.SendQueueLength)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        PeerBitfield = shape is null ? null : new Bitfield(shape.PieceCount);
    }

    /// <summary>The peer's address.</summary>
    public System.Net.IPEndPoint Remote => _link.Remote;

    /// <summary>The peer's handshake: its id and reserved bits.</summary>
    public PeerHandshake RemoteHandshake => _link.RemoteHandshake;

    /// <summary>Whether we dialled the peer.</summary>
    public bool Outbound => _link.Outbound;

    /// <summary>Whether the stream is RC4 encrypted (MSE).</summary>
    public bool Encrypted => _link.Encrypted;

    /// <summary>Whether the fast extension is on (both sides announced it).</summary>
    public bool FastEnabled => _link.FastEnabled;

    /// <summary>Whether the extension protocol is on (both sides announced it).</summary>
    public bool ExtensionsEnabled => _link.ExtensionsEnabled;

    /// <summary>We refuse the peer's requests (every connection starts choked).</summary>
    public bool AmChoking { get; private set; } = true;

    /// <summary>We want something the peer has.</summary>
    public bool AmInterested { get; private set; }

    /// <summary>The peer refuses our requests.</summary>
    public bool PeerChoking { get; private set; } = true;

    /// <summary>The peer wants something we have.</summary>
    public bool PeerInterested { get; private set; }

    /// <summary>What the peer has; null while the torrent's shape is unknown (magnet, no metadata yet).</summary>
    public Bitfield? PeerBitfield { get; private set; }

    /// <summary>The peer said have-all (BEP 6), or its bitfield was full.</summary>
    public bool PeerIsSeed => PeerBitfield?.IsComplete == true || _peerHasAll;

    /// <summary>Why the connection closed; null while open.</summary>
    public string? CloseReason { get; private set; }

    /// <summary>Completes when both loops have ended.</summary>
    public Task Completion => _loops;

    private bool _peerHasAll;

    /// <summary>Starts the read, write and housekeeping loops.</summary>
    public void Start()
    {
        Log.PeerConnected(_logger, Remote, Outbound ? "outbound" : "inbound", RemoteHandshake.PeerId.Client, Encrypted ? "rc4" : "none");
        var now = _time.GetTimestamp();
        _lastReceived = now;
        _lastSent = now;
        var token = _stop.Token;

        // The timer starts now, not when its loop first runs, so its ticks line up with the timestamps above.
        var timer = new PeriodicTimer(_options.HousekeepingInterval, _time);
        _loops = Task.WhenAll(
            Task.Run(() => ReadLoopAsync(token), CancellationToken.None),
            Task.Run(() => WriteLoopAsync(token), CancellationToken.None),
            Task.Run(() => HousekeepingAsync(timer, token), CancellationToken.None));
    }

    /// <summary>Closes the connection once with <paramref name="reason"/>; later calls do nothing.</summary>
    public void Close(string reason) => CloseCore(reason, violation: false);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        Close("disposed");
        try
        {
            await _loops.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The loops end by cancellation; nothing more to do.
        }

        _stop.Dispose();
    }

    private void CloseCore(string reason, bool violation)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        CloseReason = reason;
        if (violation && _violations.TryReport(out var suppressed))
        {
            Log.PeerViolation(_logger, Remote, reason, suppressed);
        }
        else
        {
            Log.PeerClosed(_logger, Remote, reason);
        }

        _sendQueue.Writer.TryComplete();
        _stop.Cancel();
        _link.Socket.Dispose();
        _handler.OnClosed(this, reason);
    }

    private async Task ReadLoopAsync(CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                var result = await _input.ReadAsync(token).ConfigureAwait(false);
                var buffer = result.Buffer;
                string? error = null;
                while (error is null)
                {
                    var status = PeerMessageReader.TryRead(ref buffer, _limits, out var message, out error);
                    if (status == PeerReadStatus.Incomplete)
                    {
                        break;
                    }

                    if (status == PeerReadStatus.Complete)
                    {
                        _lastReceived = _time.GetTimestamp();
                        error = Handle(message);
                    }
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (error is not null)
                {
                    CloseCore(error, violation: true);
                    return;
                }

                if (result.IsCompleted)
                {
                    CloseCore("the peer closed the connection", violation: false);
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed from elsewhere.
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            CloseCore("connection lost: " + ex.Message, violation: false);
        }
        finally
        {
            await CompleteQuietlyAsync(_input.CompleteAsync()).ConfigureAwait(false);
        }
    }

    private async Task WriteLoopAsync(CancellationToken token)
    {
        var queue = _sendQueue.Reader;
        try
        {
            while (await queue.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (queue.TryRead(out var outgoing))
                {
                    Encode(outgoing);
                }

                _lastSent = _time.GetTimestamp();
                var flush = await _output.FlushAsync(token).ConfigureAwait(false);
                if (flush.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed from elsewhere.
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException)
        {
            CloseCore("send failed: " + ex.Message, violation: false);
        }
        finally
        {
            while (queue.TryRead(out var left))
            {
                ReturnPooled(left);
            }

            await CompleteQuietlyAsync(_output.CompleteAsync()).ConfigureAwait(false);
        }
    }

    // Completing a stream pipe flushes what is left into a socket that may be gone; that is no news any more.
    private static async Task CompleteQuietlyAsync(ValueTask complete)
    {
        try
        {
            await complete.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The connection is closed already.
        }
    }

    private async Task HousekeepingAsync(PeriodicTimer timer, CancellationToken token)
    {
        using var owned = timer;
        try
        {
            while (await timer.WaitForNextTickAsync(token).ConfigureAwait(false))
            {
                var now = _time.GetTimestamp();
                if (_time.GetElapsedTime(_lastReceived, now) >= _options.IdleTimeout)
                {
                    CloseCore($"nothing received for {_options.IdleTimeout.TotalSeconds:0} s", violation: false);
                    return;
                }

                if (_time.GetElapsedTime(_lastSent, now) >= _options.KeepAliveInterval)
                {
                    Enqueue(new PeerOutgoing(PeerMessageId.KeepAlive));
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Closed.
        }
    }

    private bool Enqueue(in PeerOutgoing outgoing)
    {
        if (_sendQueue.Writer.TryWrite(outgoing))
        {
            return true;
        }

        ReturnPooled(outgoing);
        return false;
    }

    private static void ReturnPooled(in PeerOutgoing outgoing)
    {
        if (outgoing.Pooled is { } pooled)
        {
            ArrayPool<byte>.Shared.Return(pooled);
        }
    }

    private void Encode(in PeerOutgoing m)
    {
        switch (m.Id)
        {
            case PeerMessageId.KeepAlive:
                _output.Advance(PeerMessageWriter.KeepAlive(_output.GetSpan(4)));
                break;
            case PeerMessageId.Choke or PeerMessageId.Unchoke or PeerMessageId.Interested or PeerMessageId.NotInterested
                or PeerMessageId.HaveAll or PeerMessageId.HaveNone:
                _output.Advance(PeerMessageWriter.Simple(_output.GetSpan(5), m.Id));
                break;
            case PeerMessageId.Have or PeerMessageId.Suggest or PeerMessageId.AllowedFast:
                _output.Advance(PeerMessageWriter.Indexed(_output.GetSpan(9), m.Id, m.Index));
                break;
            case PeerMessageId.Request or PeerMessageId.Cancel or PeerMessageId.RejectRequest:
                _output.Advance(PeerMessageWriter.Block(_output.GetSpan(PeerMessageWriter.BlockMessageLength), m.Id, m.Index, m.Begin, m.Length));
                break;
            case PeerMessageId.Port:
                _output.Advance(PeerMessageWriter.Port(_output.GetSpan(7), (ushort)m.Length));
                break;
            case PeerMessageId.Piece:
                _output.Advance(PeerMessageWriter.PieceHeader(_output.GetSpan(PeerMessageWriter.PieceHeaderLength), m.Index, m.Begin, m.Payload.Length));
                _output.Write(m.Payload.Span);
                break;
            case PeerMessageId.Bitfield:
                var header = _output.GetSpan(5);
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(header, 1 + m.Payload.Length);
                header[4] = (byte)PeerMessageId.Bitfield;
                _output.Advance(5);
                _output.Write(m.Payload.Span);
                break;
            case PeerMessageId.Extended:
                _output.Advance(PeerMessageWriter.Extended(_output.GetSpan(6 + m.Payload.Length), m.ExtendedId, m.Payload.Span));
                break;
        }

        ReturnPooled(m);
    }
}
