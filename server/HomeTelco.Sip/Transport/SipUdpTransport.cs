using System.Buffers;
using System.Net;
using System.Net.Sockets;
using HomeTelco.Sip.Parsing;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// The UDP listener: one socket (dual-stack unless an address is configured) and one or more receive threads on it,
/// each with its own pooled 64 KiB buffer; the kernel hands each datagram to one waiting thread. Each datagram is framed
/// and parsed as a whole (RFC 3261 §18.3) and handed to the engine; STUN keep-alives on the same port are answered
/// here. Nothing a peer sends can stop a loop.
/// </summary>
internal sealed class SipUdpTransport : IAsyncDisposable
{
    // Set on each receive thread of this transport while it handles a message (see SipDeferredSends).
    [ThreadStatic]
    private static (SipUdpTransport Owner, SipDeferredSends Sends)? _deferred;

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
    /// Runs <paramref name="threads"/> receive loops, each on a thread of its own, until
    /// <paramref name="cancellationToken"/> is cancelled; <paramref name="inbound"/> must take messages from several
    /// threads at once. A blocking receive on a dedicated thread costs one system call per datagram; an asynchronous
    /// one hands every datagram from the socket engine to a pool thread, and on a small box those hand-offs and the
    /// pool's spinning cost more than handling the message does.
    /// </summary>
    public Task RunAsync(ISipInbound inbound, int threads, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var loops = new Task[threads];
        for (var i = 0; i < threads; i++)
        {
            loops[i] = RunThread(inbound, i, cancellationToken);
        }

        return Task.WhenAll(loops);
    }

    /// <summary>One receive loop on a thread of its own, until <paramref name="cancellationToken"/> is cancelled.</summary>
    public Task RunAsync(ISipInbound inbound, CancellationToken cancellationToken) => RunAsync(inbound, 1, cancellationToken);

    private Task RunThread(ISipInbound inbound, int index, CancellationToken cancellationToken)
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
            Name = index == 0 ? "SIP UDP receive" : $"SIP UDP receive {index + 1}",
        };
        thread.Start();
        return done.Task;
    }

    private void ReceiveLoop(ISipInbound inbound, CancellationToken cancellationToken)
    {
        // No receive timeout: an idle box would wake every thread a few times a second and throw a timeout exception
        // each time. Stopping wakes the blocked receives instead.
        using var stopping = cancellationToken.Register(static state => ((SipUdpTransport)state!).WakeReceivers(), this);
        var buffer = ArrayPool<byte>.Shared.Rent(65536);
        var address = new SocketAddress(_socket.AddressFamily);
        var template = new IPEndPoint(_socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        var deferred = new SipDeferredSends();
        SipDeferredSends.Sender sendNow = SendNow;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                int length;
                try
                {
                    length = _socket.ReceiveFrom(buffer, SocketFlags.None, address);
                }
                catch (SocketException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
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

                if (cancellationToken.IsCancellationRequested)
                {
                    // Woken by WakeReceivers, not by a datagram.
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
                    _deferred = (this, deferred);
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
                finally
                {
                    _deferred = null;
                    deferred.SendAll(sendNow);
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
                SendNow(answer[..SipStun.WriteBindingSuccess(datagram, remote, answer)], remote);
            }

            return true;
        }

        return SipKeepAliveBytes.IsOnlyLineBreaks(datagram);
    }

    /// <summary>
    /// Sends one datagram. UDP sends do not wait for the peer (the kernel queues or drops), so this is safe to call
    /// with the transaction lock held. On one of this transport's receive threads the datagram waits until the
    /// message being handled is done (it is then true: a refusal is only logged); elsewhere it goes now, and false
    /// means the kernel refused it (no route, buffer full).
    /// </summary>
    public bool Send(ReadOnlySpan<byte> bytes, IPEndPoint remote)
    {
        if (_deferred is { } deferred && deferred.Owner == this && deferred.Sends.TryAdd(bytes, remote))
        {
            return true;
        }

        return SendNow(bytes, remote);
    }

    private bool SendNow(ReadOnlySpan<byte> bytes, IPEndPoint remote)
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

    /// <summary>
    /// Wakes every thread blocked in a receive on this socket. Linux wakes the readers of an unconnected UDP socket on
    /// shutdown, although the call itself reports "not connected"; their receive then returns at once.
    /// </summary>
    private void WakeReceivers()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Receive);
        }
        catch (SocketException)
        {
            // ENOTCONN for an unconnected socket, after the readers were woken.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
