using System.Net;
using System.Net.Sockets;
using HomeTelco.Torrent.Peers.Encryption;
using HomeTelco.Torrent.Peers.Wire;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>
/// Accepts inbound peers: tells plaintext from MSE by the first 20 bytes, runs the matching handshake
/// within a time bound, asks the <see cref="IPeerAcceptor"/> whether the torrent is ours, answers, and
/// hands the finished link over. At most a fixed number of handshakes run at once; the rest are dropped.
/// </summary>
internal sealed class PeerListener : IAsyncDisposable
{
    private readonly IPEndPoint _endpoint;
    private readonly IPeerAcceptor _acceptor;
    private readonly PeerConnectionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly int _maxPendingHandshakes;
    private readonly CancellationTokenSource _stop = new();
    private Socket? _socket;
    private Task _acceptLoop = Task.CompletedTask;
    private int _pending;
    private int _disposed;

    public PeerListener(IPEndPoint endpoint, IPeerAcceptor acceptor, PeerConnectionOptions options, TimeProvider time, ILogger logger, int maxPendingHandshakes = 32)
    {
        _endpoint = endpoint;
        _acceptor = acceptor;
        _options = options;
        _time = time;
        _logger = logger;
        _maxPendingHandshakes = maxPendingHandshakes;
    }

    /// <summary>Where the listener is bound (with the real port when 0 was asked for).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint?)_socket?.LocalEndPoint ?? _endpoint;

    /// <summary>Binds and starts accepting.</summary>
    public void Start()
    {
        var socket = new Socket(_endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(_endpoint);
        socket.Listen(64);
        _socket = socket;
        Log.PeerListening(_logger, LocalEndPoint);
        _acceptLoop = Task.Run(() => AcceptLoopAsync(socket, _stop.Token), CancellationToken.None);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        // The host can stop the engine twice (WebApplicationFactory's disposal does): the second call has nothing to do.
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _socket?.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(Socket listener, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                var socket = await listener.AcceptAsync(token).ConfigureAwait(false);
                if (Interlocked.Increment(ref _pending) > _maxPendingHandshakes)
                {
                    Interlocked.Decrement(ref _pending);
                    Log.PeerRefused(_logger, socket.RemoteEndPoint, "too many handshakes in progress");
                    socket.Dispose();
                    continue;
                }

                _ = Task.Run(() => HandshakeAsync(socket, token), CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
        catch (SocketException ex)
        {
            Log.PeerListenerFailed(_logger, _endpoint, ex);
        }
    }

    private async Task HandshakeAsync(Socket socket, CancellationToken stopping)
    {
        var remote = (IPEndPoint)socket.RemoteEndPoint!;
        Stream stream = new NetworkStream(socket, ownsSocket: false);
        var handedOver = false;
        try
        {
            socket.NoDelay = true;
            using var timeout = new CancellationTokenSource(_options.HandshakeTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, timeout.Token);
            var token = linked.Token;
            var handshake = new byte[PeerHandshake.Length];
            await stream.ReadExactlyAsync(handshake.AsMemory(0, 20), token).ConfigureAwait(false);
            var encrypted = false;
            InfoHash? mseTorrent = null;
            if (handshake.AsSpan(0, 20).SequenceEqual(PeerHandshake.Protocol))
            {
                if (_options.Encryption == EncryptionMode.Require)
                {
                    throw new PeerHandshakeException("plaintext refused: encryption is required");
                }

                await stream.ReadExactlyAsync(handshake.AsMemory(20), token).ConfigureAwait(false);
            }
            else
            {
                var mse = await MseHandshake.RespondAsync(stream, handshake.AsMemory(0, 20), _acceptor.Torrents, _options.Encryption, token).ConfigureAwait(false);
                stream = mse.Stream;
                encrypted = mse.Rc4;
                mseTorrent = mse.InfoHash;
                await stream.ReadExactlyAsync(handshake, token).ConfigureAwait(false);
            }

            if (!PeerHandshake.TryRead(handshake, out var theirs, out var error))
            {
                throw new PeerHandshakeException(error!);
            }

            if (mseTorrent is { } skey && skey != theirs.InfoHash)
            {
                throw new PeerHandshakeException("the handshake names another torrent than the MSE exchange");
            }

            var ours = _acceptor.Answer(theirs) ?? throw new PeerHandshakeException($"torrent {theirs.InfoHash} is not ours");
            ours.WriteTo(handshake);
            await stream.WriteAsync(handshake, token).ConfigureAwait(false);
            handedOver = true;
            _acceptor.Accepted(new PeerLink(socket, stream, remote, ours.Reserved, theirs, Outbound: false, encrypted));
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or PeerHandshakeException)
        {
            Log.PeerRefused(_logger, remote, ex is OperationCanceledException ? "handshake timed out" : ex.Message);
        }
        finally
        {
            Interlocked.Decrement(ref _pending);
            if (!handedOver)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
                socket.Dispose();
            }
        }
    }
}
