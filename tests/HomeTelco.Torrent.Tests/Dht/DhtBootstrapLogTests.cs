using System.Net;
using HomeTelco.Torrent.Dht;
using Microsoft.Extensions.Logging.Testing;

namespace HomeTelco.Torrent.Tests.Dht;

/// <summary>
/// A box without internet retries the DHT bootstrap every minute; its log says what is wrong once and then only what
/// changes, not four lines a minute for as long as the line is down.
/// </summary>
public sealed class DhtBootstrapLogTests
{
    [Fact]
    public async Task RepeatedFailedBootstraps_LogTheProblemAndTheEmptyTableOnce()
    {
        var logger = new FakeLogger<DhtEngine>();

        // A malformed entry, and a loopback port where nothing answers (no packet leaves the machine).
        await using var node = new DhtEngine(
            new DhtOptions { ListenAddress = IPAddress.Loopback, BootstrapNodes = ["no-port-here", "127.0.0.1:9"], QueryTimeout = TimeSpan.FromMilliseconds(100) },
            null,
            TimeProvider.System,
            logger);
        await node.StartAsync(CancellationToken.None);

        for (var attempt = 0; attempt < 3; attempt++)
        {
            Assert.Equal(0, await node.BootstrapAsync(CancellationToken.None));
        }

        var records = logger.Collector.GetSnapshot();
        Assert.Single(records, r => r.Id.Id == 3504 && r.Message.Contains("no-port-here", StringComparison.Ordinal));
        Assert.Single(records, r => r.Id.Id == 3501 && r.Message.Contains("0 nodes", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TableThatGrows_IsLoggedAgain()
    {
        var logger = new FakeLogger<DhtEngine>();
        await using var peer = new DhtEngine(new DhtOptions { ListenAddress = IPAddress.Loopback, BootstrapNodes = [] }, null, TimeProvider.System, new FakeLogger<DhtEngine>());
        await peer.StartAsync(CancellationToken.None);
        await using var node = new DhtEngine(
            new DhtOptions { ListenAddress = IPAddress.Loopback, BootstrapNodes = ["127.0.0.1:9"], QueryTimeout = TimeSpan.FromMilliseconds(100) },
            null,
            TimeProvider.System,
            logger);
        await node.StartAsync(CancellationToken.None);
        Assert.Equal(0, await node.BootstrapAsync(CancellationToken.None));

        // The loopback peer answers a ping: the table now holds it, and the next bootstrap says so.
        node.AddNodeHint(new IPEndPoint(IPAddress.Loopback, peer.Port));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (node.NodeCount == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(await node.BootstrapAsync(CancellationToken.None) >= 1);

        var joined = logger.Collector.GetSnapshot().Where(r => r.Id.Id == 3501).Select(r => r.Message).ToList();
        Assert.Equal(2, joined.Count);
        Assert.Contains("0 nodes", joined[0], StringComparison.Ordinal);
        Assert.DoesNotContain("0 nodes", joined[1], StringComparison.Ordinal);
    }
}
