using System.Net;
using System.Text;
using HomeTelco.Torrent.Dht;

namespace HomeTelco.Torrent.Tests.Dht;

public sealed class KrpcTests
{
    private static readonly NodeId Self = NodeId.FromBytes(Encoding.ASCII.GetBytes("abcdefghij0123456789"));

    [Fact]
    public void A_ping_is_byte_for_byte_the_bep5_example_apart_from_our_version_tag()
    {
        // BEP 5: d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:y1:qe (we also send "v").
        var ping = Encoding.ASCII.GetString(KrpcWriter.Ping(('a' << 8) | 'a', Self));
        Assert.StartsWith("d1:ad2:id20:abcdefghij0123456789e1:q4:ping1:t2:aa1:v4:", ping, StringComparison.Ordinal);
        Assert.EndsWith("1:y1:qe", ping, StringComparison.Ordinal);
    }

    [Fact]
    public void Queries_and_responses_parse_back_with_their_fields()
    {
        Assert.True(KrpcMessage.TryParse(KrpcWriter.GetPeers(7, Self, NodeId.Random()), out var query, out _));
        Assert.Equal(KrpcKind.Query, query!.Kind);
        Assert.Equal("get_peers", query.Method);
        Assert.Equal(Self, query.Sender);
        Assert.Equal(new byte[] { 0, 7 }, query.TransactionId.ToArray());

        var peers = new[] { new IPEndPoint(IPAddress.Parse("127.0.0.2"), 6881) };
        var reply = KrpcWriter.Response([0, 7], Self, null, [1, 2, 3, 4, 5, 6, 7, 8], peers);
        Assert.True(KrpcMessage.TryParse(reply, out var response, out _));
        Assert.Equal(KrpcKind.Response, response!.Kind);
        Assert.Equal(Self, response.Sender);

        Assert.True(KrpcMessage.TryParse(KrpcWriter.Error([1], 204, "Method Unknown"), out var error, out _));
        Assert.Equal(204, error!.ErrorCode);
        Assert.Equal("Method Unknown", error.ErrorMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("le")]
    [InlineData("d1:y1:qe")]
    [InlineData("d1:t2:aa1:y1:qe")]
    [InlineData("d1:ad2:id3:abce1:q4:ping1:t2:aa1:y1:qe")]
    [InlineData("d1:rd2:id20:abcdefghij0123456789e1:t0:1:y1:re")]
    [InlineData("d1:t2:aa1:y1:xe")]
    public void Malformed_datagrams_are_refused_with_a_reason(string text)
    {
        Assert.False(KrpcMessage.TryParse(Encoding.ASCII.GetBytes(text), out var message, out var error));
        Assert.Null(message);
        Assert.False(string.IsNullOrEmpty(error));
    }

    [Fact]
    public void Compact_nodes_round_trip_and_a_ragged_string_yields_nothing()
    {
        var nodes = new List<DhtContact>
        {
            new(NodeId.Random(), new IPEndPoint(IPAddress.Parse("127.0.0.3"), 7000)),
            new(NodeId.Random(), new IPEndPoint(IPAddress.Parse("10.0.0.1"), 65535)),
        };
        var compact = CompactFormat.WriteNodes(nodes);
        Assert.Equal(52, compact.Length);
        Assert.Equal(nodes, CompactFormat.ReadNodes(compact, 16));
        Assert.Empty(CompactFormat.ReadNodes(compact.AsSpan(1), 16));
    }
}
