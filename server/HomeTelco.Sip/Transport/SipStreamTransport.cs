using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using HomeTelco.Sip.Parsing;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Sip.Transport;

/// <summary>
/// SIP over TCP and TLS: accepts connections on the TCP listener and, when the box has a certificate, on the TLS one,
/// and opens connections to peers the box must reach without one (RFC 3261 §18.1.1, §18.2.2). Both kinds are the same
/// stream connection underneath, read by <see cref="SipStreamReader"/> and written by the connection's queue, under the
/// table's limits and timeouts.
/// </summary>
internal sealed class SipStreamTransport : IDisposable
{
    private readonly SipConnectionTable _table;
    private readonly SipStreamListener _tcp;
    private readonly SipStreamListener? _tls;
    private readonly SslStreamCertificateContext? _certificate;
    private readonly SipParserLimits _limits;
    private readonly ILogger _logger;
    private ISipInbound? _inbound;

    public SipStreamTransport(SipConnectionTable table, SipStreamListener tcp, SipStreamListener? tls, X509Certificate2? certificate, SipParserLimits limits, ILogger logger)
    {
        if (tls is not null && certificate is null)
        {
            throw new ArgumentException("A TLS listener needs the box's certificate.", nameof(certificate));
        }

        _table = table;
        _tcp = tcp;
        _tls = tls;
        _certificate = tls is null ? null : SslStreamCertificateContext.Create(certificate!, additionalCertificates: null, offline: true);
        _limits = limits;
        _logger = logger;
    }

    public IPEndPoint TcpEndPoint => _tcp.LocalEndPoint;

    public IPEndPoint? TlsEndPoint => _tls?.LocalEndPoint;

    /// <summary>Accepts connections until stopped; messages from every connection, accepted or opened, go to <paramref name="inbound"/>.</summary>
    public Task RunAsync(ISipInbound inbound, CancellationToken cancellationToken)
    {
        _inbound = inbound;
        return _tls is null
            ? AcceptAsync(_tcp, cancellationToken)
            : Task.WhenAll(AcceptAsync(_tcp, cancellationToken), AcceptAsync(_tls, cancellationToken));
    }

    /// <summary>
    /// Opens a TCP or TLS connection to <paramref name="remote"/> without waiting (the caller may hold the transaction
    /// lock): the connection queues what is sent to it until it is up, and reports it as not sent if connecting fails
    /// or times out. Null when the transport is not running, the kind cannot be opened, or the connection limit is reached.
    /// </summary>
    public SipConnection? Connect(SipTransportKind kind, IPEndPoint remote)
    {
        if (_inbound is not { } inbound || !SipTransportKinds.CanConnect(kind))
        {
            return null;
        }

        var connection = _table.TryOpen(kind, remote);
        if (connection is null)
        {
            return null;
        }

        // Off the caller's thread: a connect that fails at once must not report back into a lock the caller holds.
        _ = Task.Run(() => _table.RunAsync(connection, c => ServeOutboundAsync(c, inbound)));
        return connection;
    }

    public void Dispose()
    {
        _tcp.Dispose();
        _tls?.Dispose();
    }

    private async Task AcceptAsync(SipStreamListener listener, CancellationToken cancellationToken)
    {
        var kind = listener.Kind;
        var establishWithin = kind == SipTransportKind.Tls ? _table.Options.TlsHandshakeTimeout : _table.Options.MessageTimeout;
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (ObjectDisposedException)
            {
                break;
            }
            catch (SocketException ex)
            {
                Log.AcceptFailed(_logger, SipTransportKinds.ViaToken(kind), ex.SocketErrorCode.ToString());
                continue;
            }

            var remote = SipAddresses.Normalize((IPEndPoint)socket.RemoteEndPoint!);
            var connection = _table.TryAccept(kind, remote, establishWithin);
            if (connection is null)
            {
                socket.Dispose();
                continue;
            }

            socket.NoDelay = true;
            _ = _table.RunAsync(connection, c => ServeAcceptedAsync(c, socket));
        }
    }

    private async Task ServeAcceptedAsync(SipConnection connection, Socket socket)
    {
        Stream stream = new NetworkStream(socket, ownsSocket: true);
        var started = false;
        try
        {
            if (connection.Kind == SipTransportKind.Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                try
                {
                    await tls.AuthenticateAsServerAsync(SipTls.Server(_certificate!), connection.Closing).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is AuthenticationException or IOException)
                {
                    Log.TlsHandshakeFailed(_logger, connection.Remote.ToString(), ex.Message);
                    connection.Close("TLS handshake failed");
                    return;
                }
            }

            connection.Start(new SipStreamWire(stream));
            started = true;
            await SipStreamReader.RunAsync(connection, stream, _inbound!, _limits).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Reset by the peer: closed like any other end.
        }
        finally
        {
            if (!started)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task ServeOutboundAsync(SipConnection connection, ISipInbound inbound)
    {
        var socket = new Socket(connection.Remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        var started = false;
        try
        {
            await socket.ConnectAsync(connection.Remote, connection.Closing).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (connection.Kind == SipTransportKind.Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                stream = tls;
                await tls.AuthenticateAsClientAsync(SipTls.Client(connection.Remote, _table.Options.ValidateOutboundTlsCertificates), connection.Closing).ConfigureAwait(false);
            }

            connection.Start(new SipStreamWire(stream));
            started = true;
            await SipStreamReader.RunAsync(connection, stream, inbound, _limits).ConfigureAwait(false);
        }
        catch (Exception ex) when (!started && ex is SocketException or IOException or AuthenticationException)
        {
            Log.ConnectFailed(_logger, SipTransportKinds.ViaToken(connection.Kind), connection.Remote.ToString(), ex.Message);
            connection.Close("connect failed");
        }
        catch (IOException)
        {
        }
        finally
        {
            if (!started)
            {
                if (stream is not null)
                {
                    await stream.DisposeAsync().ConfigureAwait(false);
                }
                else
                {
                    socket.Dispose();
                }
            }
        }
    }
}
