using System.Buffers;
using System.Net;
using System.Net.Sockets;
using HomeTelco.Sip.Parsing;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// The UDP listener: one socket (dual-stack unless an address is configured), one receive loop, one
/// pooled 64 KiB receive buffer. Each datagram is framed and parsed as a whole (RFC 3261 §18.3) and
/// handed to the engine; STUN keep-alives on the same port are answered here. Nothing a peer sends can stop the loop.
/// </summary>
internal sealed class SipUdpTransport : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly SipParserLimits _limits;
    private readonly ILogger _logger;
    private long _received;

    private SipUdpTransport(Socket socket, SipParserLimits limits, ILogger logger)
    {
        _socket = socket;
        _limits = limits;
        _logger = logger;
    }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public long Received => Interlocked.Read(ref _received);

    public static SipUdpTransport Bind(SipTransportOptions options, SipParserLimits limits, ILogger logger)
    {
        var dualStack = options.ListenAddress is null;
        var address = options.ListenAddress ?? IPAddress.IPv6Any;
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (dualStack)
            {
                socket.DualMode = true;
            }

            // Room for a burst (many phones re-registering after a power cut) while the loop catches up;
            // the kernel caps it at net.core.rmem_max.
            socket.ReceiveBufferSize = 1024 * 1024;
            socket.Bind(new IPEndPoint(address, options.Port));
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new SipUdpTransport(socket, limits, logger);
    }

    /// <summary>
    /// Runs the receive loop on a thread of its own until <paramref name="cancellationToken"/> is cancelled. A blocking
    /// receive on a dedicated thread costs one system call per datagram; an asynchronous one hands every datagram from
    /// the socket engine to a pool thread, and on a small box those hand-offs and the pool's spinning cost more than
    /// handling the message does.
    /// </summary>
    public Task RunAsync(ISipInbound inbound, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                ReceiveLoop(inbound, cancellationToken);
                done.TrySetResult();
            }
            catch (Exception ex)
            {
                done.TrySetException(ex);
            }
        })
        {
            IsBackground = true,
            Name = "SIP UDP receive",
        };
        thread.Start();
        return done.Task;
    }

    private void ReceiveLoop(ISipInbound inbound, CancellationToken cancellationToken)
    {
        // The blocking receive wakes at least this often to notice the engine stopping.
        _socket.ReceiveTimeout = 250;
        var buffer = ArrayPool<byte>.Shared.Rent(65536);
        var address = new SocketAddress(_socket.AddressFamily);
        var template = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
                }
                catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
                {
                    continue;
                }
                catch (SocketException ex)
                {
                    // ICMP errors from earlier sends surface here on some stacks; the listener goes on.
                    Log.UdpReceiveFailed(_logger, ex.SocketErrorCode.ToString());
                    continue;
                }
                catch (ObjectDisposedException)
                {
                    return;
                }

                Interlocked.Increment(ref _received);
                var remote = SipAddresses.Normalize((IPEndPoint)template.Create(address));
                if (IsKeepAlive(buffer.AsSpan(0, length), remote))
                {
                    continue;
                }

                // The message keeps slices of its bytes, so it gets its own copy; the receive buffer is reused.
                var datagram = buffer.AsSpan(0, length).ToArray();
                var result = SipParser.Parse(datagram, SipFraming.Datagram, _limits);
                try
                {
                    var handled = inbound.OnMessageAsync(result, new SipEndPoint(SipTransportKind.Udp, remote), cancellationToken);
                    if (!handled.IsCompletedSuccessfully)
                    {
                        handled.AsTask().GetAwaiter().GetResult();
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A bug in handling one message must not silence every phone: log it and read the next.
                    Log.HandlerFailed(_logger, remote.ToString(), ex);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// RFC 5626 keep-alives sharing the SIP port: a STUN Binding request is answered with the source's address (§4.4.2),
    /// other STUN messages and datagrams of bare CRLFs are dropped. True when the datagram was one of these.
    /// </summary>
    private bool IsKeepAlive(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        if (SipStun.IsStun(datagram))
        {
            if (SipStun.IsBindingRequest(datagram))
            {
                Span<byte> answer = stackalloc byte[SipStun.MaxResponseLength];
                Send(answer[..SipStun.WriteBindingSuccess(datagram, remote, answer)], remote);
            }

            return true;
        }

        return SipKeepAliveBytes.IsOnlyLineBreaks(datagram);
    }

    /// <summary>
    /// Sends one datagram now. UDP sends do not wait for the peer (the kernel queues or drops), so this is safe to call
    /// with the transaction lock held. False when the kernel refused it (no route, buffer full).
    /// </summary>
    public bool Send(ReadOnlySpan<byte> bytes, IPEndPoint remote)
    {
        var target = _socket.DualMode && remote.AddressFamily == AddressFamily.InterNetwork
            ? new IPEndPoint(remote.Address.MapToIPv6(), remote.Port)
            : remote;
        try
        {
            _socket.SendTo(bytes, SocketFlags.None, target);
            return true;
        }
        catch (SocketException ex)
        {
            Log.UdpSendFailed(_logger, remote.ToString(), ex.SocketErrorCode.ToString());
            return false;
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
