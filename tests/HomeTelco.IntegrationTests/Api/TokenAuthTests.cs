using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Api;

public class TokenAuthTests
{
    [Fact]
    public async Task Token_CreatedThroughApi_AuthenticatesUntilRevoked()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/tokens", new { name = "home automation" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var secret = json.GetProperty("secret").GetString()!;
        var id = json.GetProperty("token").GetProperty("id").GetString()!;

        var client = box.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal(BoxFactory.AdminName, me.GetProperty("name").GetString());
        Assert.Equal("admin", me.GetProperty("role").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tokens/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task MemberToken_AdminRoute_Forbidden()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { name = "kid", password = "another long secret", role = "member" })).StatusCode);
        var token = box.Services.GetService(typeof(HomeTelco.Core.Security.ApiTokenService)) is HomeTelco.Core.Security.ApiTokenService tokens
            ? tokens.Create("kid", "tablet").Token
            : throw new InvalidOperationException();
        var member = box.CreateClient();
        member.DefaultRequestHeaders.Authorization = new("Bearer", token);

        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.GetAsync("/api/backup")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Users_DuplicateOrWeak_ClearRefusals()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        var weak = await admin.PostAsJsonAsync("/api/users", new { name = "kid", password = "123" });
        var duplicate = await admin.PostAsJsonAsync("/api/users", new { name = "ADMIN", password = "another long secret" });
        var lastAdmin = await admin.DeleteAsync($"/api/users/{BoxFactory.AdminName}");

        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("at least 10 characters", await weak.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lastAdmin.StatusCode);
    }

    [Fact]
    public async Task Metrics_WithToken_PrometheusTextWithProcessAndEngineFigures()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        var response = await admin.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
        Assert.Matches(@"(?m)^process_resident_memory_bytes \d+", text);
        Assert.Matches(@"(?m)^hometelco_users 1$", text);
        Assert.Contains("hometelco_engine_ready{engine=\"store\"} 1", text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await box.CreateClient().GetAsync("/metrics")).StatusCode);
    }

    [Fact]
    public async Task OpenApiDocument_Served_ListsApiRoutes()
    {
        using var box = new BoxFactory();

        var doc = await box.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/users\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"/api/tokens\"", doc, StringComparison.Ordinal);
    }
}
