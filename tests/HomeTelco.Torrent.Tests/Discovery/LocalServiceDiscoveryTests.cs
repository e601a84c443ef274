using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeTelco.Torrent.Discovery;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Discovery;

/// <summary>
/// Two instances exchanging announces over real multicast, kept on the loopback interface (IP_MULTICAST_IF 127.0.0.1,
/// TTL 1) on a group and port of the test's own, so nothing reaches a real network and parallel runs do not meet.
/// </summary>
public sealed class LocalServiceDiscoveryTests : IAsyncDisposable
{
    private static readonly InfoHash Shared = InfoHash.FromBytes(Enumerable.Repeat((byte)0xAB, 20).ToArray());
    private static readonly InfoHash Secret = InfoHash.FromBytes(Enumerable.Repeat((byte)0x5E, 20).ToArray());

    private readonly FakeTimeProvider _time = new();
    private readonly LsdOptions _options;
    private readonly List<LocalServiceDiscovery> _instances = [];

    public LocalServiceDiscoveryTests()
    {
        _options = new LsdOptions
        {
            Group = new IPEndPoint(new IPAddress([239, 255, (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]), FreeUdpPort()),
            Group6 = null,
            InterfaceAddress = IPAddress.Loopback,
        };
    }

    [Fact]
    public async Task TwoInstances_SharingAHash_DiscoverEachOthersPort()
    {
        var (alice, heardByAlice) = Start(7001);
        var (bob, heardByBob) = Start(7002);

        Assert.True(alice.Add(Shared, isPrivate: false));
        Assert.True(bob.Add(Shared, isPrivate: false));

        await WaitForAsync(() => heardByAlice.Contains((Shared, new IPEndPoint(IPAddress.Loopback, 7002))), "alice hears bob");
        await WaitForAsync(() => heardByBob.Contains((Shared, new IPEndPoint(IPAddress.Loopback, 7001))), "bob hears alice");
        Assert.DoesNotContain(heardByAlice, h => h.Peer.Port == 7001);
        Assert.DoesNotContain(heardByBob, h => h.Peer.Port == 7002);
    }

    [Fact]
    public async Task PrivateTorrent_IsNeverAnnounced()
    {
        var (alice, _) = Start(7001);
        var (bob, heardByBob) = Start(7002);
        Assert.True(bob.Add(Secret, isPrivate: false));
        Assert.True(bob.Add(Shared, isPrivate: false));

        Assert.False(alice.Add(Secret, isPrivate: true));
        Assert.True(alice.Add(Shared, isPrivate: false));

        // The public hash, announced after the private one was offered, proves alice's announces get through.
        await WaitForAsync(() => heardByBob.Contains((Shared, new IPEndPoint(IPAddress.Loopback, 7001))), "bob hears alice's public torrent");
        Assert.DoesNotContain(heardByBob, h => h.Hash == Secret);
    }

    [Fact]
    public async Task AnnounceDue_OncePerTorrentPerInterval()
    {
        // Not started, so its own loop does not race this test for the rounds.
        await using var alice = new LocalServiceDiscovery(_options, 7001, _time);
        alice.Add(Shared, isPrivate: false);

        Assert.Equal(1, alice.AnnounceDue());
        Assert.Equal(0, alice.AnnounceDue());
        _time.Advance(TimeSpan.FromMinutes(2));
        alice.Add(Secret, isPrivate: false);
        Assert.Equal(1, alice.AnnounceDue());
        _time.Advance(TimeSpan.FromMinutes(3) - TimeSpan.FromSeconds(1));
        Assert.Equal(0, alice.AnnounceDue());
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, alice.AnnounceDue());
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, alice.AnnounceDue());
        alice.Remove(Shared);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, alice.AnnounceDue());
    }

    [Fact]
    public async Task Flood_FromOneSource_IsCutToItsAllowancePerMinute()
    {
        var (alice, heard) = Start(7001);
        alice.Add(Shared, isPrivate: false);
        using var flooder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        flooder.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        flooder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        for (var i = 0; i < 50; i++)
        {
            var text = $"BT-SEARCH * HTTP/1.1\r\nHost: x\r\nPort: {8000 + i}\r\nInfohash: {Shared.ToHex()}\r\n\r\n\r\n";
            flooder.SendTo(Encoding.ASCII.GetBytes(text), _options.Group);
        }

        // The last of the allowance arriving shows the rest were read and dropped, not merely late.
        await WaitForAsync(() => heard.Count >= _options.MaxDatagramsPerSourcePerMinute, "the first datagrams are heard");
        flooder.SendTo(Encoding.ASCII.GetBytes($"BT-SEARCH * HTTP/1.1\r\nPort: 9999\r\nInfohash: {Shared.ToHex()}\r\n\r\n\r\n"), _options.Group);

        // A datagram from another address, sent after the one over the allowance, marks that it was read (and dropped).
        using var marker = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        marker.SetSocketOption(SocketOptionLevel.IP, SocketOptionName.MulticastInterface, IPAddress.Loopback.GetAddressBytes());
        marker.Bind(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 0));
        marker.SendTo(Encoding.ASCII.GetBytes($"BT-SEARCH * HTTP/1.1\r\nPort: 9997\r\nInfohash: {Shared.ToHex()}\r\n\r\n\r\n"), _options.Group);
        await WaitForAsync(() => heard.Any(h => h.Peer.Port == 9997), "the marker from another address is heard");
        _time.Advance(TimeSpan.FromMinutes(1));
        flooder.SendTo(Encoding.ASCII.GetBytes($"BT-SEARCH * HTTP/1.1\r\nPort: 9998\r\nInfohash: {Shared.ToHex()}\r\n\r\n\r\n"), _options.Group);
        await WaitForAsync(() => heard.Any(h => h.Peer.Port == 9998), "a new minute brings a new allowance");

        Assert.Equal(_options.MaxDatagramsPerSourcePerMinute + 2, heard.Count);
        Assert.DoesNotContain(heard, h => h.Peer.Port == 9999);
        Assert.Equal(IPAddress.Parse("127.0.0.2"), heard.Single(h => h.Peer.Port == 9997).Peer.Address);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
    }

    private static async Task WaitForAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting: " + what);
            await Task.Delay(20);
        }
    }

    private static int FreeUdpPort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private (LocalServiceDiscovery Instance, ConcurrentBag<(InfoHash Hash, IPEndPoint Peer)> Heard) Start(int listenPort)
    {
        var instance = new LocalServiceDiscovery(_options, listenPort, _time);
        var heard = new ConcurrentBag<(InfoHash Hash, IPEndPoint Peer)>();
        instance.PeerDiscovered += (hash, peer) => heard.Add((hash, peer));
        _instances.Add(instance);
        Assert.True(instance.Start());
        return (instance, heard);
    }
}
