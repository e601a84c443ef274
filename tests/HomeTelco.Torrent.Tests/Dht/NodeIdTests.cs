using HomeTelco.Torrent.Dht;

namespace HomeTelco.Torrent.Tests.Dht;

public sealed class NodeIdTests
{
    private static NodeId Id(string hex) => NodeId.FromBytes(Convert.FromHexString(hex.PadRight(40, '0')));

    [Fact]
    public void Shared_prefix_counts_leading_equal_bits_across_word_boundaries()
    {
        Assert.Equal(0, Id("80").SharedPrefixLength(Id("00")));
        Assert.Equal(7, Id("01").SharedPrefixLength(Id("00")));
        Assert.Equal(64, Id("0000000000000000 80".Replace(" ", "", StringComparison.Ordinal)).SharedPrefixLength(Id("00")));
        Assert.Equal(159, Id("0000000000000000000000000000000000000001").SharedPrefixLength(Id("00")));
        Assert.Equal(160, Id("ab").SharedPrefixLength(Id("ab")));
    }

    [Fact]
    public void Distance_is_xor_so_the_closer_of_two_ids_wins()
    {
        var target = Id("f0");
        Assert.True(NodeId.CompareDistance(target, Id("f1"), Id("e0")) < 0);
        Assert.True(NodeId.CompareDistance(target, Id("0f"), Id("70")) > 0);
        Assert.Equal(0, NodeId.CompareDistance(target, Id("12"), Id("12")));
    }

    [Fact]
    public void A_random_id_with_a_prefix_keeps_exactly_that_prefix()
    {
        var self = NodeId.Random();
        foreach (var bits in new[] { 0, 1, 63, 64, 65, 127, 128, 150, 160 })
        {
            var other = self.RandomWithPrefix(bits);
            Assert.True(self.SharedPrefixLength(other) >= bits, $"prefix {bits}");
        }
    }

    [Fact]
    public void Bytes_round_trip_and_an_info_hash_maps_to_the_same_point()
    {
        var bytes = Enumerable.Range(0, 20).Select(i => (byte)(i * 13)).ToArray();
        var id = NodeId.FromBytes(bytes);
        var copy = new byte[20];
        id.CopyTo(copy);
        Assert.Equal(bytes, copy);
        Assert.Equal(id, NodeId.FromInfoHash(InfoHash.FromBytes(bytes)));
        Assert.Equal(Convert.ToHexStringLower(bytes), id.ToString());
    }
}
