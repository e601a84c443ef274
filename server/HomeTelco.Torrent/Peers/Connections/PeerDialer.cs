using System.Net;
using System.Net.Sockets;
using HomeTelco.Torrent.Peers.Encryption;
using HomeTelco.Torrent.Peers.Wire;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>
/// Opens outbound peer connections: TCP connect within a bound, the MSE exchange when the policy asks for
/// it (falling back to plaintext under "prefer" when the peer does not speak MSE), and the BitTorrent
/// handshake both ways, checking the peer answers for our torrent.
/// </summary>
internal static class PeerDialer
{
    /// <summary>Connects to <paramref name="remote"/> for the torrent in <paramref name="ours"/>; throws <see cref="PeerHandshakeException"/> with a reason on failure.</summary>
    public static async Task<PeerLink> DialAsync(IPEndPoint remote, PeerHandshake ours, PeerConnectionOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (options.Encryption == EncryptionMode.Allow)
        {
            return await DialOnceAsync(remote, ours, options, EncryptionMode.Allow, time, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return await DialOnceAsync(remote, ours, options, options.Encryption, time, cancellationToken).ConfigureAwait(false);
        }
        catch (PeerHandshakeException) when (options.Encryption == EncryptionMode.Prefer && !cancellationToken.IsCancellationRequested)
        {
            // The peer may not speak MSE at all (it hangs up on the DH key); plaintext is allowed under "prefer".
            return await DialOnceAsync(remote, ours, options, EncryptionMode.Allow, time, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<PeerLink> DialOnceAsync(IPEndPoint remote, PeerHandshake ours, PeerConnectionOptions options, EncryptionMode mode, TimeProvider time, CancellationToken cancellationToken)
    {
        var socket = new Socket(remote.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        var phase = "connect";
        try
        {
            using (var connectTimeout = new CancellationTokenSource(options.ConnectTimeout, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, connectTimeout.Token))
            {
                await socket.ConnectAsync(remote, linked.Token).ConfigureAwait(false);
            }

            phase = "handshake";
            using var handshakeTimeout = new CancellationTokenSource(options.HandshakeTimeout, time);
            using var token = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, handshakeTimeout.Token);
            stream = new NetworkStream(socket, ownsSocket: false);
            var handshake = new byte[PeerHandshake.Length];
            ours.WriteTo(handshake);
            var encrypted = false;
            if (mode == EncryptionMode.Allow)
            {
                await stream.WriteAsync(handshake, token.Token).ConfigureAwait(false);
            }
            else
            {
                var mse = await MseHandshake.InitiateAsync(stream, ours.InfoHash, mode, handshake, token.Token).ConfigureAwait(false);
                stream = mse.Stream;
                encrypted = mse.Rc4;
            }

            await stream.ReadExactlyAsync(handshake, token.Token).ConfigureAwait(false);
            if (!PeerHandshake.TryRead(handshake, out var theirs, out var error))
            {
                throw new PeerHandshakeException(error!);
            }

            if (theirs.InfoHash != ours.InfoHash)
            {
                throw new PeerHandshakeException($"the peer answered for torrent {theirs.InfoHash}");
            }

            return new PeerLink(socket, stream, remote, ours.Reserved, theirs, Outbound: true, encrypted);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or PeerHandshakeException)
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            socket.Dispose();
            cancellationToken.ThrowIfCancellationRequested();
            throw ex as PeerHandshakeException ?? new PeerHandshakeException(
                ex is OperationCanceledException ? $"{remote}: {phase} timed out" : $"{remote}: {phase} failed: {ex.Message}", ex);
        }
    }
}
