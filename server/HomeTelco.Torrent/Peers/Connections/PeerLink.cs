using System.Net;
using System.Net.Sockets;
using HomeTelco.Torrent.Peers.Wire;

namespace HomeTelco.Torrent.Peers.Connections;

/// <summary>
/// A TCP connection whose handshakes are done both ways: what the dialer or the listener hands the engine to
/// wrap in a <see cref="PeerConnection"/>. <see cref="Stream"/> is the socket's stream, or the RC4 stream over it.
/// </summary>
internal sealed record PeerLink(Socket Socket, Stream Stream, IPEndPoint Remote, ulong LocalReserved, PeerHandshake RemoteHandshake, bool Outbound, bool Encrypted) : IAsyncDisposable
{
    /// <summary>Whether both sides announced the fast extension (BEP 6).</summary>
    public bool FastEnabled => (LocalReserved & RemoteHandshake.Reserved & PeerHandshake.FastExtensionBit) != 0;

    /// <summary>Whether both sides announced the extension protocol (BEP 10).</summary>
    public bool ExtensionsEnabled => (LocalReserved & RemoteHandshake.Reserved & PeerHandshake.ExtensionProtocolBit) != 0;

    /// <summary>Closes the stream and the socket (for a link the engine decides not to use).</summary>
    public async ValueTask DisposeAsync()
    {
        await Stream.DisposeAsync().ConfigureAwait(false);
        Socket.Dispose();
    }
}
