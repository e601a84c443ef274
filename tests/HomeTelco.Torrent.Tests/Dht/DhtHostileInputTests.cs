using System.Net;
using System.Net.Sockets;
using System.Text;
using HomeTelco.Torrent.Dht;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.Torrent.Tests.Dht;

/// <summary>A node on loopback fed garbage, mutations of valid queries and a flood keeps answering everyone else.</summary>
public sealed class DhtHostileInputTests
{
    [Fact]
    public async Task Garbage_mutations_and_a_flood_from_one_source_leave_the_node_answering_others()
    {
        await using var node = new DhtEngine(
            new DhtOptions { ListenAddress = IPAddress.Loopback, BootstrapNodes = [], QueriesPerSecondPerSource = 25 },
            null,
            TimeProvider.System,
            NullLogger<DhtEngine>.Instance);
        await node.StartAsync(CancellationToken.None);
        var target = new IPEndPoint(IPAddress.Loopback, node.Port);

        using var attacker = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var random = new Random(17);
        var valid = KrpcWriter.GetPeers(1, NodeId.Random(), NodeId.Random());
        for (var i = 0; i < 2_000; i++)
        {
            var datagram = (i % 3) switch
            {
                0 => RandomBytes(random, random.Next(0, 1600)),
                1 => Mutate(valid, random),
                _ => Encoding.ASCII.GetBytes("d1:ad2:id20:" + new string('x', 20) + "6:target" + random.Next() + "e1:q9:find_node1:t2:zz1:y1:qe"),
            };
            await attacker.SendAsync(datagram, target);
            if (i % 50 == 49)
            {
                // Paced just enough that the kernel's receive buffer does not drop most of the flood before the node sees it.
                await Task.Delay(5);
            }
        }

        // A well-behaved node on another address still gets its answer.
        using var friend = new UdpClient(new IPEndPoint(IPAddress.Parse("127.0.0.5"), 0));
        var friendId = NodeId.Random();
        KrpcMessage? answer = null;
        for (var attempt = 0; attempt < 20 && answer is null; attempt++)
        {
            await friend.SendAsync(KrpcWriter.Ping(0x4242, friendId), target);
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            try
            {
                while (answer is null)
                {
                    var received = await friend.ReceiveAsync(wait.Token);
                    if (KrpcMessage.TryParse(received.Buffer, out var message, out _) && message!.TransactionId.Span.SequenceEqual(new byte[] { 0x42, 0x42 }))
                    {
                        answer = message;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Lost under the flood: ask again.
            }
        }

        Assert.True(answer is not null, $"no answer; bad {node.BadDatagrams}, answered {node.QueriesAnswered}");

        Assert.Equal(KrpcKind.Response, answer.Kind);
        Assert.Equal(node.Id, answer.Sender);
        Assert.True(node.BadDatagrams > 500, $"only {node.BadDatagrams} datagrams were counted as bad or over the source's rate");
    }

    private static byte[] RandomBytes(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        var copy = (byte[])valid.Clone();
        for (var i = 0; i < 1 + random.Next(4); i++)
        {
            copy[random.Next(copy.Length)] = (byte)random.Next(256);
        }

        return random.Next(4) == 0 ? copy[..random.Next(copy.Length)] : copy;
    }
}
