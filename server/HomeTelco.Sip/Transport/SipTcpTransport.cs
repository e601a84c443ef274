using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using HomeTelco.Sip.Parsing;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// The TCP listener (RFC 3261 §18.3 stream framing by Content-Length). Each connection reads through a
/// pipe; a connection idle too long, slow to finish a message, over the size limit or sending garbage is
/// closed, and no remote address may hold more than its share of connections.
/// </summary>
internal sealed class SipTcpTransport : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly SipTransportOptions _options;
    private readonly SipParserLimits _limits;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<long, SipTcpConnection> _connections = new();
    private readonly Dictionary<IPAddress, int> _perSource = [];
    private readonly Lock _perSourceLock = new();
    private long _nextId;

    private SipTcpTransport(Socket listener, SipTransportOptions options, SipParserLimits limits, ILogger logger)
    {
        _listener = listener;
        _options = options;
        _limits = limits;
        _logger = logger;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_listener.LocalEndPoint!;

    public int OpenConnections => _connections.Count;

    public static SipTcpTransport Bind(SipTransportOptions options, SipParserLimits limits, ILogger logger)
    {
        var dualStack = options.ListenAddress is null;
        var address = options.ListenAddress ?? IPAddress.IPv6Any;
        var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            if (dualStack)
            {
                socket.DualMode = true;
            }

            socket.Bind(new IPEndPoint(address, options.Port));
            socket.Listen(128);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SipTcpTransport(socket, options, limits, logger);
    }

    public async Task RunAsync(ISipInbound inbound, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException ex)
            {
                Log.TcpAcceptFailed(_logger, ex.SocketErrorCode.ToString());
                continue;
            }

            var remote = SipAddresses.Normalize((IPEndPoint)socket.RemoteEndPoint!).Address;
            if (_connections.Count >= _options.MaxTcpConnections || !TryAdmit(remote))
            {
                Log.TcpConnectionRefused(_logger, remote.ToString());
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            var connection = new SipTcpConnection(Interlocked.Increment(ref _nextId), socket);
            _connections[connection.Id] = connection;
            _ = ServeAsync(connection, inbound, cancellationToken);
        }
    }

    /// <summary>
    /// Queues bytes on a connection without waiting (the caller may hold the transaction lock); false when the
    /// connection has gone. Opening connections to a contact without one is not done yet.
    /// </summary>
    public bool Enqueue(long? connectionId, ReadOnlySpan<byte> bytes)
    {
        if (connectionId is not { } id || !_connections.TryGetValue(id, out var connection))
        {
            return false;
        }

        _ = SendOnAsync(connection, bytes.ToArray());
        return true;
    }

    private static async Task SendOnAsync(SipTcpConnection connection, byte[] bytes)
    {
        try
        {
            await connection.SendAsync(bytes, CancellationToken.None).ConfigureAwait(false);
        }
        catch (IOException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(SipTcpConnection connection, ISipInbound inbound, CancellationToken cancellationToken)
    {
        var source = new SipEndPoint(SipTransportKind.Tcp, connection.Remote, connection.Id);
        var partial = false;
        try
        {
            while (true)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(partial ? _options.TcpMessageTimeout : _options.TcpIdleTimeout);
                var read = await connection.Reader.ReadAsync(deadline.Token).ConfigureAwait(false);
                var buffer = read.Buffer;
                if (buffer.Length > _limits.MaxMessageSize * 2L)
                {
                    Log.TcpClosed(_logger, connection.Remote.ToString(), "message over the size limit");
                    return;
                }

                // Messages keep slices of their bytes, so they are parsed from a private copy, never from pipe memory.
                var bytes = buffer.ToArray();
                var offset = 0;
                var close = false;
                while (offset < bytes.Length)
                {
                    var result = SipParser.Parse(bytes.AsMemory(offset), SipFraming.Stream, _limits);
                    if (result.Status == SipParseStatus.Incomplete)
                    {
                        offset += result.Consumed;
                        break;
                    }

                    await inbound.OnMessageAsync(result, source, cancellationToken).ConfigureAwait(false);
                    if (!result.IsComplete)
                    {
                        close = true;
                        break;
                    }

                    offset += result.Consumed;
                }

                connection.Reader.AdvanceTo(buffer.GetPosition(offset), buffer.End);
                partial = offset < bytes.Length;
                if (close || read.IsCompleted)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Log.TcpClosed(_logger, connection.Remote.ToString(), partial ? "message not finished in time" : "idle");
        }
        catch (OperationCanceledException)
        {
        }
        catch (IOException)
        {
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // One connection's failure closes that connection only.
            Log.HandlerFailed(_logger, connection.Remote.ToString(), ex);
        }
        finally
        {
            _connections.TryRemove(connection.Id, out _);
            Release(connection.Remote.Address);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private bool TryAdmit(IPAddress remote)
    {
        lock (_perSourceLock)
        {
            _perSource.TryGetValue(remote, out var count);
            if (count >= _options.MaxTcpConnectionsPerSource)
            {
                return false;
            }

            _perSource[remote] = count + 1;
            return true;
        }
    }

    private void Release(IPAddress remote)
    {
        lock (_perSourceLock)
        {
            if (_perSource.TryGetValue(remote, out var count))
            {
                if (count <= 1)
                {
                    _perSource.Remove(remote);
                }
                else
                {
                    _perSource[remote] = count - 1;
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        foreach (var connection in _connections.Values)
        {
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
