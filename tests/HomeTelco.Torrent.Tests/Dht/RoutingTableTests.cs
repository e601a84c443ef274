using System.Net;
using HomeTelco.Torrent.Dht;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Torrent.Tests.Dht;

public sealed class RoutingTableTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly Random _random = new(5);

    [Fact]
    public void Only_the_bucket_holding_our_own_id_splits_so_far_buckets_stay_at_k()
    {
        var self = NodeId.Random();
        var table = new RoutingTable(self, _time);

        // 40 nodes in the far half (first bit differs from ours): they all map to bucket 0, which never splits.
        var far = Enumerable.Range(0, 40).Select(_ => FlipFirstBit(self.RandomWithPrefix(0), self)).ToList();
        foreach (var id in far)
        {
            table.Seen(id, EndPoint(), responded: true);
        }

        Assert.Equal(RoutingTable.K, table.Count);

        // Nodes near us split the table and are all kept while their buckets have room.
        for (var bits = 1; bits <= 20; bits++)
        {
            table.Seen(ExactPrefix(self, bits), EndPoint(), responded: true);
        }

        Assert.True(table.BucketCount > 10);
        Assert.Equal(RoutingTable.K + 20, table.Count);
    }

    [Fact]
    public void A_node_that_never_answered_waits_as_a_replacement_and_takes_a_bad_nodes_place()
    {
        var self = NodeId.Random();
        var table = new RoutingTable(self, _time);
        var members = Enumerable.Range(0, RoutingTable.K).Select(_ => FlipFirstBit(self.RandomWithPrefix(0), self)).ToList();
        foreach (var id in members)
        {
            table.Seen(id, EndPoint(), responded: true);
        }

        var newcomer = FlipFirstBit(self.RandomWithPrefix(0), self);
        Assert.False(table.Seen(newcomer, EndPoint(), responded: false));
        Assert.False(table.Seen(newcomer, EndPoint(), responded: true));

        for (var i = 0; i < RoutingTable.BadAfterFailures; i++)
        {
            table.Failed(members[0]);
        }

        var all = table.All().Select(c => c.Id).ToList();
        Assert.DoesNotContain(members[0], all);
        Assert.Contains(newcomer, all);
    }

    [Fact]
    public void Closest_orders_by_xor_distance_and_skips_bad_nodes()
    {
        var self = NodeId.Random();
        var table = new RoutingTable(self, _time);
        var ids = Enumerable.Range(0, 30).Select(i => ExactPrefix(self, (i % 20) + 1)).ToList();
        foreach (var id in ids)
        {
            table.Seen(id, EndPoint(), responded: true);
        }

        var target = NodeId.Random();
        var closest = table.Closest(target, 5).Select(c => c.Id).ToList();
        var expected = table.All().Select(c => c.Id).Order(Comparer<NodeId>.Create((a, b) => NodeId.CompareDistance(target, a, b))).Take(5);
        Assert.Equal(expected, closest);

        table.Failed(closest[0]);
        table.Failed(closest[0]);
        Assert.DoesNotContain(closest[0], table.Closest(target, 5).Select(c => c.Id));
    }

    [Fact]
    public void Silent_nodes_become_questionable_after_fifteen_minutes_and_untouched_buckets_ask_for_refresh()
    {
        var self = NodeId.Random();
        var table = new RoutingTable(self, _time);
        var id = FlipFirstBit(self.RandomWithPrefix(0), self);
        table.Seen(id, EndPoint(), responded: true);
        Assert.Empty(table.Questionable(8));
        Assert.Empty(table.RefreshTargets());

        _time.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(id, Assert.Single(table.Questionable(8)).Id);
        Assert.Single(table.RefreshTargets());
        Assert.Empty(table.RefreshTargets());
    }

    [Fact]
    public void Our_own_id_is_never_added()
    {
        var self = NodeId.Random();
        var table = new RoutingTable(self, _time);
        Assert.False(table.Seen(self, EndPoint(), responded: true));
        Assert.Equal(0, table.Count);
    }

    private IPEndPoint EndPoint() => new(new IPAddress([10, (byte)_random.Next(256), (byte)_random.Next(256), (byte)_random.Next(1, 255)]), _random.Next(1024, 65535));

    // An id sharing exactly `bits` leading bits with self.
    private static NodeId ExactPrefix(NodeId self, int bits)
    {
        var candidate = self.RandomWithPrefix(bits);
        var bytes = new byte[20];
        candidate.CopyTo(bytes);
        var selfBytes = new byte[20];
        self.CopyTo(selfBytes);
        var mask = (byte)(0x80 >> (bits % 8));
        bytes[bits / 8] = (byte)((bytes[bits / 8] & ~mask) | (~selfBytes[bits / 8] & mask));
        return NodeId.FromBytes(bytes);
    }

    private static NodeId FlipFirstBit(NodeId id, NodeId self) => self.SharedPrefixLength(id) == 0 ? id : ExactPrefix(self, 0);
}
