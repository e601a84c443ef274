using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace HomeTelco.Torrent.Tests.Trackers;

/// <summary>
/// A loopback UDP socket standing in for a tracker that the test scripts datagram by datagram: it receives what the
/// client sends (with a real-time deadline, so a broken client fails the test instead of hanging it) and answers
/// whatever the test wants, right or wrong.
/// </summary>
internal sealed class FakeUdpTracker : IDisposable
{
    private readonly Socket _socket;
    private readonly IPAddress _address;
    private EndPoint _lastSender = new IPEndPoint(IPAddress.Any, 0);

    public FakeUdpTracker(IPAddress? address = null)
    {
        _address = address ?? IPAddress.Loopback;
        _socket = new Socket(_address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(new IPEndPoint(_address, 0));
    }

    public Uri Uri => new($"udp://{(_address.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{_address}]" : _address.ToString())}:{((IPEndPoint)_socket.LocalEndPoint!).Port}/announce");

    public async Task<byte[]> ReceiveAsync(TimeSpan? within = null)
    {
        var buffer = new byte[2048];
        using var deadline = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(10));
        var any = _address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any;
        var result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(any, 0), deadline.Token);
        _lastSender = result.RemoteEndPoint;
        return buffer[..result.ReceivedBytes];
    }

    /// <summary>True when nothing arrives within <paramref name="within"/> (real time: the client is idle, not sleeping).</summary>
    public async Task<bool> StaysQuietAsync(TimeSpan within)
    {
        try
        {
            await ReceiveAsync(within);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    public Task ReplyAsync(byte[] packet) => _socket.SendToAsync(packet, SocketFlags.None, _lastSender);

    public static int TransactionOf(byte[] request) => BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(12));

    public static int ActionOf(byte[] request) => BinaryPrimitives.ReadInt32BigEndian(request.AsSpan(8));

    public static byte[] ConnectReply(int transaction, long connectionId)
    {
        var reply = new byte[16];
        BinaryPrimitives.WriteInt32BigEndian(reply, 0);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(4), transaction);
        BinaryPrimitives.WriteInt64BigEndian(reply.AsSpan(8), connectionId);
        return reply;
    }

    public static byte[] AnnounceReply(int transaction, int interval, int leechers, int seeders, params byte[][] peers)
    {
        var reply = new byte[20 + peers.Sum(p => p.Length)];
        BinaryPrimitives.WriteInt32BigEndian(reply, 1);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(4), transaction);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(8), interval);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(12), leechers);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(16), seeders);
        var at = 20;
        foreach (var peer in peers)
        {
            peer.CopyTo(reply, at);
            at += peer.Length;
        }

        return reply;
    }

    public static byte[] ErrorReply(int transaction, string message)
    {
        var text = System.Text.Encoding.UTF8.GetBytes(message);
        var reply = new byte[8 + text.Length];
        BinaryPrimitives.WriteInt32BigEndian(reply, 3);
        BinaryPrimitives.WriteInt32BigEndian(reply.AsSpan(4), transaction);
        text.CopyTo(reply, 8);
        return reply;
    }

    public void Dispose() => _socket.Dispose();
}
