using System.Net;
using HomeTelco.Torrent.Dht;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Dht;

public sealed class DhtPeerStoreTests
{
    [Fact]
    public void A_flood_of_announcements_stays_within_the_bounds_and_keeps_the_newest()
    {
        var time = new FakeTimeProvider();
        var store = new DhtPeerStore(time, maxSwarms: 10, maxPeersPerSwarm: 5);
        var swarm = NodeId.Random();
        for (var i = 1; i <= 50; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            store.Add(swarm, new IPEndPoint(IPAddress.Loopback, 1000 + i));
        }

        var peers = store.Get(swarm, 100);
        Assert.Equal(5, peers.Count);
        Assert.Equal(1050, peers[0].Port);

        var accepted = Enumerable.Range(0, 100).Count(_ => store.Add(NodeId.Random(), new IPEndPoint(IPAddress.Loopback, 9)));
        Assert.Equal(9, accepted);
        Assert.Equal(10, store.SwarmCount);
    }

    [Fact]
    public void Announcements_expire()
    {
        var time = new FakeTimeProvider();
        var store = new DhtPeerStore(time);
        var swarm = NodeId.Random();
        store.Add(swarm, new IPEndPoint(IPAddress.Loopback, 6881));
        time.Advance(DhtPeerStore.Lifetime + TimeSpan.FromSeconds(1));
        Assert.Empty(store.Get(swarm, 10));
        store.Expire();
        Assert.Equal(0, store.SwarmCount);
    }
}
