using System.Net;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.IntegrationTests.Api;

public class AnonymousAccessTests
{
    /// <summary>
    /// Walks the real route table, so every /api route added later is covered without editing this test:
    /// once setup is closed, not one of them answers an anonymous caller or a forged credential.
    /// </summary>
    [Fact]
    public async Task EveryApiRoute_AnonymousOrForged_Refused()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();
        var routes = box.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api", StringComparison.OrdinalIgnoreCase) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Path: Concrete(e.RoutePattern.RawText!))))
            .Distinct()
            .ToList();
        Assert.True(routes.Count >= 15, $"only {routes.Count} API routes found");

        var anonymous = box.CreateClient();
        var forgedToken = box.CreateClient();
        forgedToken.DefaultRequestHeaders.Authorization = new("Bearer", "ht_abcdefgh_" + new string('A', 43));
        var forgedCookie = box.CreateClient();
        forgedCookie.DefaultRequestHeaders.Add("Cookie", "hometelco.auth=CfDJ8" + new string('x', 300));
        foreach (var (method, path) in routes)
        {
            foreach (var client in new[] { anonymous, forgedToken, forgedCookie })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
                var response = await client.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode}");
            }
        }
    }

    [Fact]
    public async Task Healthz_Anonymous_ReadyWithEngineStates()
    {
        using var box = new BoxFactory();
        var client = box.CreateClient();

        var body = await client.GetStringAsync("/healthz");

        Assert.Contains("\"store\":\"ready\"", body, StringComparison.Ordinal);
        Assert.Contains("\"sip\":\"ready\"", body, StringComparison.Ordinal);
        Assert.Contains("\"torrent\":\"not-built\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PortalPage_Anonymous_RedirectedToSignIn()
    {
        using var box = new BoxFactory();
        var client = box.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/settings/users");

        Assert.True(response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found, $"got {(int)response.StatusCode}");
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static string Concrete(string pattern) =>
        "/" + string.Join('/', pattern.TrimStart('/').Split('/').Select(s => s.StartsWith('{') ? (s.Contains(":int", StringComparison.Ordinal) ? "1" : "x1") : s));
}
