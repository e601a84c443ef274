using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Wire;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Tests.Peers;

/// <summary>
/// A real loopback TCP connection with our <see cref="PeerConnection"/> on one end and a raw socket on the other,
/// so a test can play a hostile or well-behaved peer byte by byte.
/// </summary>
internal sealed class LoopbackPeers : IAsyncDisposable
{
    private LoopbackPeers(PeerConnection connection, Socket raw, Handler events)
    {
        Connection = connection;
        Raw = raw;
        Events = events;
    }

    public PeerConnection Connection { get; }

    /// <summary>The other end: whatever the test writes here, our connection reads.</summary>
    public Socket Raw { get; }

    public Handler Events { get; }

    public static async Task<LoopbackPeers> StartAsync(PeerTorrentShape shape, TimeProvider time, PeerConnectionOptions? options = null, ulong remoteReserved = PeerHandshake.FastExtensionBit | PeerHandshake.ExtensionProtocolBit)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync((IPEndPoint)listener.LocalEndpoint);
        var ours = await listener.AcceptSocketAsync();
        var infoHash = InfoHash.FromBytes(new byte[20]);
        var theirs = new PeerHandshake(remoteReserved, infoHash, PeerIdBytes.FromSpan(PeerId.Create()));
        var link = new PeerLink(ours, new NetworkStream(ours, ownsSocket: false), (IPEndPoint)ours.RemoteEndPoint!, PeerHandshake.FastExtensionBit | PeerHandshake.ExtensionProtocolBit, theirs, Outbound: false, Encrypted: false);
        var events = new Handler();
        var connection = new PeerConnection(link, shape, events, options ?? PeerConnectionOptions.Default, new PeerViolationGate(time, TimeSpan.FromMinutes(1)), time, NullLogger.Instance);
        connection.Start();
        return new LoopbackPeers(connection, raw, events);
    }

    /// <summary>Sends raw bytes (hex) as the peer.</summary>
    public Task SendAsync(string hex) => Raw.SendAsync(Convert.FromHexString(hex));

    /// <summary>Reads exactly <paramref name="count"/> bytes from the raw end, or throws when the deadline passes first.</summary>
    public async Task<byte[]> ReceiveAsync(int count, TimeSpan timeout)
    {
        var buffer = new byte[count];
        using var deadline = new CancellationTokenSource(timeout);
        for (var got = 0; got < count;)
        {
            var read = await Raw.ReceiveAsync(buffer.AsMemory(got), SocketFlags.None, deadline.Token);
            if (read == 0)
            {
                throw new IOException($"closed after {got} of {count} bytes");
            }

            got += read;
        }

        return buffer;
    }

    public async ValueTask DisposeAsync()
    {
        await Connection.DisposeAsync();
        Raw.Dispose();
    }

    /// <summary>Records what the connection reports.</summary>
    internal sealed class Handler : IPeerConnectionHandler
    {
        private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Channel<(PeerMessageId Id, int Index, int Begin, byte[]? Data)> Messages { get; } = Channel.CreateUnbounded<(PeerMessageId, int, int, byte[]?)>();

        public Task<string> Closed => _closed.Task;

        public void OnMessage(PeerConnection connection, in PeerMessage message) =>
            Messages.Writer.TryWrite((message.Id, message.Index, message.Begin, null));

        public void OnBlock(PeerConnection connection, PeerBlock block)
        {
            Messages.Writer.TryWrite((PeerMessageId.Piece, block.Index, block.Begin, block.Span.ToArray()));
            block.Return();
        }

        public void OnClosed(PeerConnection connection, string reason) => _closed.TrySetResult(reason);
    }
}
