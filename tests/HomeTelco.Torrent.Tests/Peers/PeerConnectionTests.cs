using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Wire;
using HomeTelco.Torrent.Pieces;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Peers;

public sealed class PeerConnectionTests
{
    // 10 pieces of 32 KiB, the last one 1000 bytes.
    private static readonly PeerTorrentShape Shape = new(10, 32768, (9 * 32768) + 1000);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    [Theory]
    [InlineData("ffffffff", "over the")] // oversized length prefix
    [InlineData("00100000" + "07", "allowed 9..16393")] // a 1 MiB piece
    [InlineData("0000000d06" + "00000009" + "00000000" + "00000400", "outside the piece")] // 1024 bytes of the 1000-byte last piece
    [InlineData("0000000d06" + "0000000a" + "00000000" + "00004000", "outside the piece")] // piece 10 of 10
    [InlineData("0000000d06" + "00000000" + "00007c00" + "00004000", "outside the piece")] // crosses the piece end
    [InlineData("0000000305" + "ffe0", "spare bits")] // 10 pieces but bit 11 set
    [InlineData("0000000504" + "0000000a", "have for piece 10")]
    [InlineData("0000000102" + "0000000305ffc0", "bitfield after Interested")]
    [InlineData("0000000b07" + "00000001" + "00007fff" + "0102", "outside the piece")] // a block past the piece end
    public async Task HostilePeer_IsClosed_WithAReason(string hex, string reason)
    {
        await using var peers = await LoopbackPeers.StartAsync(Shape, TimeProvider.System);

        await peers.SendAsync(hex);

        var closed = await peers.Events.Closed.WaitAsync(Deadline);
        Assert.Contains(reason, closed, StringComparison.Ordinal);
        Assert.Equal(closed, peers.Connection.CloseReason);
        await peers.Connection.Completion.WaitAsync(Deadline);
    }

    [Fact]
    public async Task BitfieldAfterHaveNone_AsAria2cSendsIt_IsAccepted()
    {
        await using var peers = await LoopbackPeers.StartAsync(Shape, TimeProvider.System);

        await peers.SendAsync("000000010f" + "0000000305" + "8000" + "000000010e");

        for (var i = 0; i < 3; i++)
        {
            await peers.Events.Messages.Reader.ReadAsync().AsTask().WaitAsync(Deadline);
        }

        Assert.Null(peers.Connection.CloseReason);
        Assert.True(peers.Connection.PeerIsSeed);
    }

    [Fact]
    public async Task FastMessages_WithoutTheFastExtension_CloseTheConnection()
    {
        await using var peers = await LoopbackPeers.StartAsync(Shape, TimeProvider.System, remoteReserved: 0);

        await peers.SendAsync("000000010e"); // have all

        Assert.Contains("without the fast extension", await peers.Events.Closed.WaitAsync(Deadline), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WellBehavedPeer_StateIsTracked_AndBlocksArriveInPooledBuffers()
    {
        await using var peers = await LoopbackPeers.StartAsync(Shape, TimeProvider.System);

        // bitfield with pieces 0 and 9, unchoke, interested, have 5, then a 2-byte block of piece 9.
        await peers.SendAsync("0000000305" + "8040" + "0000000101" + "0000000102" + "000000050400000005" + "0000000b07" + "00000009" + "00000010" + "abcd");

        var seen = new List<PeerMessageId>();
        (PeerMessageId Id, int Index, int Begin, byte[]? Data) last;
        do
        {
            last = await peers.Events.Messages.Reader.ReadAsync().AsTask().WaitAsync(Deadline);
            seen.Add(last.Id);
        }
        while (last.Id != PeerMessageId.Piece);

        Assert.Equal([PeerMessageId.Bitfield, PeerMessageId.Unchoke, PeerMessageId.Interested, PeerMessageId.Have, PeerMessageId.Piece], seen);
        Assert.Equal((9, 16), (last.Index, last.Begin));
        Assert.Equal([0xab, 0xcd], last.Data);
        Assert.False(peers.Connection.PeerChoking);
        Assert.True(peers.Connection.PeerInterested);
        Assert.Equal(3, peers.Connection.PeerBitfield!.Count);
        Assert.True(peers.Connection.PeerBitfield[5]);
        Assert.Null(peers.Connection.CloseReason);
    }

    [Fact]
    public async Task SentMessages_ReachThePeer_InOrder()
    {
        await using var peers = await LoopbackPeers.StartAsync(Shape, TimeProvider.System);
        var ours = new Bitfield(10);
        ours.Set(1);

        Assert.True(peers.Connection.SendBitfield(ours));
        Assert.True(peers.Connection.SendInterested());
        Assert.True(peers.Connection.SendRequest(2, 16384, 16384));
        Assert.True(peers.Connection.SendPiece(1, 0, new byte[] { 7, 8 }));

        var bytes = await peers.ReceiveAsync(7 + 5 + 17 + 15, Deadline);
        Assert.Equal(
            "000000030540" + "00" + "0000000102" + "0000000d06000000020000400000004000" + "0000000b07000000010000000007" + "08",
            Convert.ToHexStringLower(bytes));
        Assert.True(peers.Connection.AmInterested);
    }

    [Fact]
    public async Task Bitfield_OfASeed_IsSentAsHaveAll_WhenFast()
    {
        await using var peers = await LoopbackPeers.StartAsync(Shape, TimeProvider.System);
        var all = new Bitfield(10);
        all.SetAll();

        peers.Connection.SendBitfield(all);

        Assert.Equal("000000010e", Convert.ToHexStringLower(await peers.ReceiveAsync(5, Deadline)));
    }

    [Fact]
    public async Task Silence_SendsKeepAlives_ThenClosesOnIdleTimeout()
    {
        var time = new FakeTimeProvider();
        var options = PeerConnectionOptions.Default with { HousekeepingInterval = TimeSpan.FromSeconds(10), KeepAliveInterval = TimeSpan.FromMinutes(2), IdleTimeout = TimeSpan.FromMinutes(3) };
        await using var peers = await LoopbackPeers.StartAsync(Shape, time, options);

        await AdvanceAsync(time, TimeSpan.FromSeconds(130));
        Assert.Equal("00000000", Convert.ToHexStringLower(await peers.ReceiveAsync(4, Deadline)));
        Assert.Null(peers.Connection.CloseReason);

        await AdvanceAsync(time, TimeSpan.FromSeconds(60));
        Assert.Contains("nothing received for 180 s", await peers.Events.Closed.WaitAsync(Deadline), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeepAlives_FromThePeer_PreventTheIdleTimeout()
    {
        var time = new FakeTimeProvider();
        var options = PeerConnectionOptions.Default with { HousekeepingInterval = TimeSpan.FromSeconds(10) };
        await using var peers = await LoopbackPeers.StartAsync(Shape, time, options);

        for (var minute = 0; minute < 6; minute++)
        {
            // A keep-alive raises no event; the have after it does, and proves the keep-alive was read first.
            await peers.SendAsync("00000000" + "000000050400000000");
            var seen = await peers.Events.Messages.Reader.ReadAsync().AsTask().WaitAsync(Deadline);
            Assert.Equal(PeerMessageId.Have, seen.Id);
            await AdvanceAsync(time, TimeSpan.FromSeconds(60));
        }

        Assert.Null(peers.Connection.CloseReason);
        await AdvanceAsync(time, TimeSpan.FromSeconds(190));
        Assert.Contains("nothing received", await peers.Events.Closed.WaitAsync(Deadline), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PeerHangingUp_ClosesOnce_WithTheReason()
    {
        var closes = 0;
        await using var peers = await LoopbackPeers.StartAsync(Shape, TimeProvider.System);
        _ = peers.Events.Closed.ContinueWith(_ => Interlocked.Increment(ref closes), TaskScheduler.Default);

        peers.Raw.Shutdown(System.Net.Sockets.SocketShutdown.Both);

        Assert.Equal("the peer closed the connection", await peers.Events.Closed.WaitAsync(Deadline));
        peers.Connection.Close("again");
        Assert.Equal("the peer closed the connection", peers.Connection.CloseReason);
        Assert.False(peers.Connection.SendInterested());
    }

    [Fact]
    public void ViolationGate_LetsOneReportThroughPerInterval()
    {
        var time = new FakeTimeProvider();
        var gate = new PeerViolationGate(time, TimeSpan.FromMinutes(1));

        Assert.True(gate.TryReport(out var suppressed));
        Assert.Equal(0, suppressed);
        Assert.False(gate.TryReport(out _));
        Assert.False(gate.TryReport(out _));
        time.Advance(TimeSpan.FromSeconds(61));
        Assert.True(gate.TryReport(out suppressed));
        Assert.Equal(2, suppressed);
    }

    [Fact]
    public void Shape_LastPieceIsShort()
    {
        Assert.Equal(32768, Shape.PieceSize(0));
        Assert.Equal(1000, Shape.PieceSize(9));
        Assert.Equal(0, Shape.PieceSize(10));
        Assert.True(Shape.Contains(9, 984, 16));
        Assert.False(Shape.Contains(9, 985, 16));
    }

    // Advances fake time in steps; the periodic timer coalesces ticks, so its loop sees the final time even if it lags.
    private static async Task AdvanceAsync(FakeTimeProvider time, TimeSpan total)
    {
        var step = TimeSpan.FromSeconds(5);
        for (var elapsed = TimeSpan.Zero; elapsed < total; elapsed += step)
        {
            time.Advance(step);
            await Task.Yield();
        }
    }
}
