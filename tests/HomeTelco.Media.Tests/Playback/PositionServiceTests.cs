using System.Net;
using HomeTelco.Core;
using HomeTelco.Core.Store;
using HomeTelco.Media.Playback;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Media.Tests.Playback;

public sealed class PositionServiceTests : IDisposable
{
    private readonly TempFolder _data = new();

    [Fact]
    public void Save_IsFoundAgain_AfterTheStoreIsReopened()
    {
        var time = new FakeTimeProvider();
        using (var store = HomeStore.Open(_data.Path))
        {
            var positions = new PositionService(store, time);
            positions.Save("alice", "7", 125.5, 3600);
            positions.Save("alice", "7", 130, 3600);
            positions.Save("bob", "7", 10, 3600);
        }

        using (var store = HomeStore.Open(_data.Path))
        {
            var positions = new PositionService(store, time);
            Assert.Equal(130, positions.Find("alice", "7")!.PositionSeconds);
            Assert.Equal(10, positions.Find("bob", "7")!.PositionSeconds);
            Assert.Null(positions.Find("alice", "8"));
            Assert.Single(positions.Recent("alice", 10));
        }
    }

    [Theory]
    [InlineData(-1, 100)]
    [InlineData(double.NaN, 100)]
    [InlineData(500, 100)]
    [InlineData(1, double.PositiveInfinity)]
    public void Save_RefusesNonsense(double position, double duration)
    {
        using var store = HomeStore.Open(_data.Path);
        Assert.Throws<BoxRequestException>(() => new PositionService(store, new FakeTimeProvider()).Save("alice", "7", position, duration));
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("192.168.1.20", true)]
    [InlineData("10.1.2.3", true)]
    [InlineData("172.20.0.1", true)]
    [InlineData("::ffff:192.168.0.1", true)]
    [InlineData("fd00::1", true)]
    [InlineData("172.32.0.1", false)]
    [InlineData("8.8.8.8", false)]
    [InlineData("2001:db8::1", false)]
    public void NetworkLocality_TellsHomeFromAway(string address, bool local) =>
        Assert.Equal(local, NetworkLocality.IsLocal(IPAddress.Parse(address)));

    public void Dispose() => _data.Dispose();
}
