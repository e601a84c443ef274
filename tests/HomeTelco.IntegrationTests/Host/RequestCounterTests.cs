using HomeTelco.Host.Observability;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.IntegrationTests.Host;

/// The page release learns "nobody uses the box" from this count: supervisors' polls must not look like use.
public sealed class RequestCounterTests
{
    [Fact]
    public async Task Used_CountsPortalAndApiRequests_NotHealthOrMetricsPolls()
    {
        await using var box = new BoxFactory();
        using var http = box.CreateClient();
        var counter = box.Services.GetRequiredService<RequestCounter>();
        var before = counter.Used;

        for (var i = 0; i < 3; i++)
        {
            await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        }

        Assert.Equal(before, counter.Used);

        await http.GetAsync(new Uri("/setup", UriKind.Relative));
        await http.GetAsync(new Uri("/api/status", UriKind.Relative));
        Assert.Equal(before + 2, counter.Used);
    }
}
