using System.Net;
using HomeTelco.Sip.Transactions;
using HomeTelco.Sip.Transport;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Sip.Tests.Transactions;

/// The compact table itself: saved bytes and end points come back as they went in, and age out with their entries.
public sealed class SipCompactTableTests
{
    private static readonly SipEndPoint Phone = new(SipTransportKind.Udp, new IPEndPoint(IPAddress.Parse("2001:db8::7"), 5062));

    private static SipCompactTable<int> Table(FakeTimeProvider time, int capacity = 100) =>
        new(capacity, TimeSpan.FromSeconds(32), time, table => table.Sweep());

    [Fact]
    public void Add_BytesAndEndPoint_ReadBackAsGiven()
    {
        var time = new FakeTimeProvider();
        using var table = Table(time);
        var tcp = new SipEndPoint(SipTransportKind.Tcp, new IPEndPoint(IPAddress.Parse("192.0.2.4"), 40000), 17);
        table.Add(1, SipCompactKind.CompletedNonInviteServer, "SIP/2.0 200 OK\r\n\r\n"u8, hasBytes: true, Phone);
        table.Add(2, SipCompactKind.AcceptedInviteServer, default, hasBytes: false, tcp);

        Assert.True(table.TryGetEntry(1, out var a));
        Assert.Equal("SIP/2.0 200 OK\r\n\r\n"u8.ToArray(), a.Bytes);
        Assert.Equal(Phone, a.Remote);
        Assert.True(table.TryGetEntry(2, out var b));
        Assert.Null(b.Bytes);
        Assert.Equal(tcp, b.Remote);
        Assert.True(table.TryGet(2, out SipCompactKind kind));
        Assert.Equal(SipCompactKind.AcceptedInviteServer, kind);
    }

    [Fact]
    public void Add_MoreThanADatagram_KeptWithoutBytes()
    {
        var time = new FakeTimeProvider();
        using var table = Table(time);
        table.Add(3, SipCompactKind.CompletedNonInviteServer, new byte[SipByteLog.ChunkSize + 1], hasBytes: true, Phone);

        Assert.True(table.TryGetEntry(3, out var entry));
        Assert.Null(entry.Bytes);
    }

    [Fact]
    public void Sweep_AfterTheLifetime_EntriesAndTheirBytesGo()
    {
        var time = new FakeTimeProvider();
        using var table = Table(time);
        for (var i = 0; i < 500; i++)
        {
            table.Add(1000 + i, SipCompactKind.CompletedNonInviteServer, new byte[400], hasBytes: true, Phone);
        }

        time.Advance(TimeSpan.FromSeconds(33));

        Assert.Equal(0, table.Count);
        Assert.False(table.TryGet(1001, out SipCompactKind _));
        table.Add(4, SipCompactKind.CompletedNonInviteServer, "x"u8, hasBytes: true, Phone);
        Assert.True(table.TryGetEntry(4, out var later));
        Assert.Equal("x"u8.ToArray(), later.Bytes);
    }
}
