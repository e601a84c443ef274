using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using HomeTelco.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// A raw-socket peer on 127.0.0.9 that completes the BEP 3 handshake with our seeding engine and then misbehaves:
/// the engine must drop it (and keep serving) rather than answer or crash.
/// </summary>
public sealed class EngineHostilePeerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_peer_requesting_a_piece_out_of_range_is_disconnected()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        var engine = await swarm.StartEngineAsync(swarm.SeedDir, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        using var socket = await HandshakeAsync(engine.ListenPort, swarm.Metainfo.WireHash.ToHex());
        // interested, then request(index = piece count + 1000, begin 0, length 16 KiB): a piece that does not exist.
        byte[] interested = [0, 0, 0, 1, 2];
        await socket.SendAsync(interested);
        var request = new byte[17];
        request[3] = 13;
        request[4] = 6;
        WriteBigEndian(request.AsSpan(5), swarm.Metainfo.PieceCount + 1000);
        WriteBigEndian(request.AsSpan(13), 16_384);
        await socket.SendAsync(request);

        Assert.True(await ClosedByRemoteAsync(socket, Deadline), "the engine kept the connection of a peer asking for a piece that does not exist");
    }

    [Fact]
    public async Task A_peer_sending_garbage_after_the_handshake_is_disconnected()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        var engine = await swarm.StartEngineAsync(swarm.SeedDir, swarm.Work.File("store"));
        var added = await engine.AddAsync(new TorrentAddRequest { Metainfo = await File.ReadAllBytesAsync(swarm.TorrentPath) }, CancellationToken.None);
        await SwarmFixture.WaitForStateAsync(engine, added.Id, TorrentState.Seeding, Deadline);

        using var socket = await HandshakeAsync(engine.ListenPort, swarm.Metainfo.WireHash.ToHex());
        // A length prefix of 0x7fffffff: a message far beyond any limit.
        byte[] garbage = [0x7f, 0xff, 0xff, 0xff, 0xde, 0xad, 0xbe, 0xef];
        await socket.SendAsync(garbage);

        Assert.True(await ClosedByRemoteAsync(socket, Deadline), "the engine kept the connection of a peer sending garbage");
        Assert.Equal(TorrentState.Seeding, engine.Find(added.Id)?.Summary.State);
    }

    private static async Task<Socket> HandshakeAsync(int port, string infoHashHex)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 0));
        using var timeout = new CancellationTokenSource(Deadline);
        await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), timeout.Token);
        var handshake = new byte[68];
        handshake[0] = 19;
        "BitTorrent protocol"u8.CopyTo(handshake.AsSpan(1));
        Convert.FromHexString(infoHashHex).CopyTo(handshake.AsSpan(28));
        "-XX0001-hostilepeer1"u8.CopyTo(handshake.AsSpan(48));
        await socket.SendAsync(handshake, timeout.Token);
        var reply = new byte[68];
        var read = 0;
        while (read < reply.Length)
        {
            var n = await socket.ReceiveAsync(reply.AsMemory(read), timeout.Token);
            Assert.True(n > 0, "the engine closed the connection during the handshake");
            read += n;
        }

        Assert.Equal(infoHashHex, Convert.ToHexString(reply, 28, 20), ignoreCase: true);
        return socket;
    }

    // Reads (and discards: bitfield, extension handshake, unchoke) until the engine closes; false at the deadline.
    private static async Task<bool> ClosedByRemoteAsync(Socket socket, TimeSpan timeout)
    {
        var buffer = new byte[64 * 1024];
        var clock = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            while (clock.Elapsed < timeout)
            {
                if (await socket.ReceiveAsync(buffer, cancel.Token) == 0)
                {
                    return true;
                }
            }
        }
        catch (SocketException)
        {
            return true;
        }
        catch (OperationCanceledException)
        {
        }

        return false;
    }

    private static void WriteBigEndian(Span<byte> target, int value) => System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(target, value);
}
