using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.Core.Security;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.IntegrationTests.Api;

/// <summary>/api/sip/bans on the in-memory host: validation, admin-only writes, CIDR in the URL.</summary>
public class SipBanApiTests
{
    [Fact]
    public async Task Bans_AddListLift_RoundTripWithEncodedCidr()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        var created = await admin.PostAsJsonAsync("/api/sip/bans", new { address = "203.0.113.0/24", reason = "scanner farm", minutes = 90 });
        var single = await admin.PostAsJsonAsync("/api/sip/bans", new { address = "2001:db8::7" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/sip/bans/203.0.113.0%2F24", created.Headers.Location?.OriginalString);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("scanner farm", body.GetProperty("reason").GetString());
        Assert.False(body.GetProperty("automatic").GetBoolean());
        Assert.Equal(box.Time.GetUtcNow().AddMinutes(90), body.GetProperty("expiresAt").GetDateTimeOffset());
        Assert.Equal(HttpStatusCode.Created, single.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await single.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("expiresAt").ValueKind);

        var listed = await admin.GetFromJsonAsync<JsonElement[]>("/api/sip/bans");
        Assert.Equal(["2001:db8::7", "203.0.113.0/24"], listed!.Select(b => b.GetProperty("address").GetString()).Order(StringComparer.Ordinal));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/sip/bans/203.0.113.0%2F24")).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/sip/bans/2001:db8::7")).StatusCode);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>("/api/sip/bans"))!);
        var again = await admin.DeleteAsync("/api/sip/bans/203.0.113.0/24");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("203.0.113.0/24 is not banned", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"address\":\"\"}", "Give an IPv4 or IPv6 address")]
    [InlineData("{\"reason\":\"no address\"}", "Give an IPv4 or IPv6 address")]
    [InlineData("{\"address\":\"0.0.0.0/4\"}", "ban at most a /8 IPv4 range")]
    [InlineData("{\"address\":\"10.1.2.3/8\"}", "the range is 10.0.0.0/8")]
    [InlineData("{\"address\":\"box.example\"}", "is not an IP address or CIDR range")]
    [InlineData("{\"address\":\"10.0.0.1\",\"minutes\":-5}", "minutes must be from 1 to 525600")]
    [InlineData("{\"address\":\"10.0.0.1\",\"minutes\":\"soon\"}", "")]
    [InlineData("null", "Send a JSON body")]
    public async Task Ban_BadRequest_400WithReason(string json, string reason)
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        var response = await admin.PostAsync("/api/sip/bans", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await admin.GetFromJsonAsync<JsonElement[]>("/api/sip/bans"))!);
    }

    [Fact]
    public async Task Member_ReadsButCannotBanOrLift()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/users", new { name = "kid", password = "another long secret", role = "member" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/sip/bans", new { address = "198.51.100.1" })).StatusCode);
        var member = box.CreateClient();
        member.DefaultRequestHeaders.Authorization = new("Bearer", box.Services.GetRequiredService<ApiTokenService>().Create("kid", "tablet").Token);

        Assert.Single((await member.GetFromJsonAsync<JsonElement[]>("/api/sip/bans"))!);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/sip/bans", new { address = "198.51.100.2" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync("/api/sip/bans/198.51.100.1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await box.CreateClient().GetAsync("/api/sip/bans")).StatusCode);
        Assert.Single((await admin.GetFromJsonAsync<JsonElement[]>("/api/sip/bans"))!);
    }
}
