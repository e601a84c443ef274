using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using HomeTelco.Core.Extensions;
using HomeTelco.Core.Phones;
using HomeTelco.Core.Security;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.IntegrationTests.Portal;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.IntegrationTests.Api;

public class ExtensionApiTests
{
    private const string Password = "kitchen-phone-secret";

    [Fact]
    public async Task Extensions_AdminCrud_CreatesReadsUpdatesDeletes()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        var created = await admin.PostAsJsonAsync("/api/extensions", new { number = "101", displayName = "Kitchen", password = Password });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/extensions/101", created.Headers.Location!.OriginalString);
        var body = await Json(created);
        Assert.Equal("101", body.GetProperty("number").GetString());
        Assert.Equal("Kitchen", body.GetProperty("displayName").GetString());
        Assert.False(body.TryGetProperty("generatedPassword", out _));
        Assert.Equal(0, body.GetProperty("registrations").GetArrayLength());

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/extensions");
        Assert.Equal(["101"], list.EnumerateArray().Select(e => e.GetProperty("number").GetString()));
        var one = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/101");
        Assert.Equal("Kitchen", one.GetProperty("displayName").GetString());

        var renamed = await admin.PutAsJsonAsync("/api/extensions/101", new { displayName = "Kitchen wall" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Kitchen wall", (await Json(renamed)).GetProperty("displayName").GetString());
        Assert.Equal("Kitchen wall", (await admin.GetFromJsonAsync<JsonElement>("/api/extensions/101")).GetProperty("displayName").GetString());

        // A password set through the API is what the SIP engine checks digests against.
        var rekeyed = await admin.PutAsJsonAsync("/api/extensions/101", new { password = "a-brand-new-secret" });
        Assert.Equal(HttpStatusCode.OK, rekeyed.StatusCode);
        Assert.False((await Json(rekeyed)).TryGetProperty("generatedPassword", out _));
        var credentials = box.Services.GetRequiredService<ExtensionService>().FindCredentials("101")!;
        Assert.Equal(Md5Hex($"101:{credentials.Realm}:a-brand-new-secret"), credentials.Ha1Md5);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/extensions/101")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/extensions/101")).StatusCode);
        Assert.Equal("[]", await admin.GetStringAsync("/api/extensions"));
        Assert.Null(box.Services.GetRequiredService<ExtensionService>().FindCredentials("101"));
    }

    [Fact]
    public async Task Create_WithoutPassword_GeneratedPasswordReturnedOnceAndWorks()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        var created = await admin.PostAsJsonAsync("/api/extensions", new { number = "102", displayName = "Hall" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var generated = (await Json(created)).GetProperty("generatedPassword").GetString()!;

        Assert.Equal(20, generated.Length);
        var credentials = box.Services.GetRequiredService<ExtensionService>().FindCredentials("102")!;
        Assert.Equal(Md5Hex($"102:{credentials.Realm}:{generated}"), credentials.Ha1Md5);
        var everythingReadable = await admin.GetStringAsync("/api/extensions") + await admin.GetStringAsync("/api/extensions/102");
        Assert.DoesNotContain(generated, everythingReadable, StringComparison.Ordinal);
        Assert.DoesNotContain("generatedPassword", everythingReadable, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.Ha1Md5, everythingReadable, StringComparison.Ordinal);
        Assert.DoesNotContain(credentials.Ha1Sha256, everythingReadable, StringComparison.Ordinal);
        Assert.DoesNotContain("ha1", everythingReadable, StringComparison.OrdinalIgnoreCase);

        // An empty password asks for a new one; the old one stops matching.
        var reset = await admin.PutAsJsonAsync("/api/extensions/102", new { password = "" });
        var again = (await Json(reset)).GetProperty("generatedPassword").GetString()!;
        Assert.NotEqual(generated, again);
        Assert.Equal(Md5Hex($"102:{credentials.Realm}:{again}"), box.Services.GetRequiredService<ExtensionService>().FindCredentials("102")!.Ha1Md5);
    }

    [Theory]
    [InlineData("""{"number":"1","displayName":"Kitchen"}""", "2 to 10 digits")]
    [InlineData("""{"number":"10x","displayName":"Kitchen"}""", "2 to 10 digits")]
    [InlineData("""{"displayName":"Kitchen"}""", "extension number is required")]
    [InlineData("""{"number":"101","displayName":"Kitchen","password":"short"}""", "at least 12 characters")]
    [InlineData("""{"number":"101","displayName":"Kitchen","password":"my-101-password"}""", "must not contain the extension number")]
    [InlineData("""{"number":"101","displayName":"The \"boss\""}""", "must not contain quotes")]
    public async Task Create_BadInput_400WithReason(string json, string reason)
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        var response = await admin.PostAsync("/api/extensions", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, (await Json(response)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("[]", await admin.GetStringAsync("/api/extensions"));
    }

    [Fact]
    public async Task CreateAndUpdate_BrokenOrEmptyBody_400()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/extensions", new { number = "101", password = Password });

        var broken = await admin.PostAsync("/api/extensions", new StringContent("{\"number\":", Encoding.UTF8, "application/json"));
        var wrongType = await admin.PostAsync("/api/extensions", new StringContent("{\"number\":101}", Encoding.UTF8, "application/json"));
        var nothing = await admin.PutAsJsonAsync("/api/extensions/101", new { });

        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, nothing.StatusCode);
        Assert.Contains("Nothing to change", (await Json(nothing)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_ExistingNumber_409AndOriginalKept()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/extensions", new { number = "101", displayName = "Kitchen", password = Password });

        var duplicate = await admin.PostAsJsonAsync("/api/extensions", new { number = "101", displayName = "Intruder" });

        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        Assert.Contains("already exists", (await Json(duplicate)).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal("Kitchen", (await admin.GetFromJsonAsync<JsonElement>("/api/extensions/101")).GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task UnknownNumber_404OnEveryVerb()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        var get = await admin.GetAsync("/api/extensions/999");
        var put = await admin.PutAsJsonAsync("/api/extensions/999", new { displayName = "Nobody" });
        var delete = await admin.DeleteAsync("/api/extensions/999");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, put.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, delete.StatusCode);
        Assert.Contains("no extension 999", (await Json(delete)).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_ReadsAndWrites_401()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/extensions", new { number = "101", password = Password });
        var anonymous = box.CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/extensions")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/extensions/101")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/extensions", new { number = "102" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PutAsJsonAsync("/api/extensions/101", new { displayName = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.DeleteAsync("/api/extensions/101")).StatusCode);
        Assert.Equal(1, box.Services.GetRequiredService<ExtensionService>().Count);
    }

    [Fact]
    public async Task Member_Reads200_Writes403()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/users", new { name = "kid", password = "another long secret", role = "member" });
        await admin.PostAsJsonAsync("/api/extensions", new { number = "101", displayName = "Kitchen", password = Password });
        var member = box.CreateClient();
        member.DefaultRequestHeaders.Authorization = new("Bearer", box.Services.GetRequiredService<ApiTokenService>().Create("kid", "tablet").Token);

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/extensions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/extensions/101")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/extensions", new { number = "102" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PutAsJsonAsync("/api/extensions/101", new { password = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync("/api/extensions/101")).StatusCode);
        Assert.Equal("Kitchen", box.Services.GetRequiredService<ExtensionService>().Find("101")!.DisplayName);
        Assert.Equal(1, box.Services.GetRequiredService<ExtensionService>().Count);
    }

    [Fact]
    public async Task CookieWrites_NeedTheCsrfHeader()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();
        var browser = box.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signIn = await PortalForms.PostAsync(browser, "/signin", "signin", new Dictionary<string, string> { ["Form.Name"] = BoxFactory.AdminName, ["Form.Password"] = BoxFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);

        var withoutHeader = await browser.PostAsJsonAsync("/api/extensions", new { number = "101" });
        Assert.Equal(HttpStatusCode.Forbidden, withoutHeader.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/extensions")).StatusCode);
        Assert.Equal(0, box.Services.GetRequiredService<ExtensionService>().Count);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/extensions") { Content = JsonContent.Create(new { number = "101" }) };
        request.Headers.Add("X-HomeTelco-Request", "1");
        Assert.Equal(HttpStatusCode.Created, (await browser.SendAsync(request)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.DeleteAsync("/api/extensions/101")).StatusCode);
        Assert.Equal(1, box.Services.GetRequiredService<ExtensionService>().Count);
    }

    [Fact]
    public async Task List_WithRegistrations_EachUnderItsExtensionWithTimeToExpiry()
    {
        var registrations = new FixedPhoneRegistrations();
        using var box = new BoxFactory { TestServices = s => s.AddSingleton<IPhoneRegistrations>(registrations) };
        var admin = await box.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/extensions", new { number = "101", displayName = "Kitchen", password = Password });
        await admin.PostAsJsonAsync("/api/extensions", new { number = "102", displayName = "Hall", password = Password });
        var now = box.Time.GetUtcNow();
        registrations.Set(
            new PhoneRegistration("101", "sip:101@192.168.1.20:5062", "UDP", "203.0.113.7:40123", "Linphone/5.2", true, now.AddSeconds(300)),
            new PhoneRegistration("101", "sip:101@10.0.0.5:5060;transport=tcp", "TCP", "10.0.0.5:51000", null, false, now.AddSeconds(60)));

        var list = (await admin.GetFromJsonAsync<JsonElement>("/api/extensions")).EnumerateArray().ToList();
        var kitchen = list.Single(e => e.GetProperty("number").GetString() == "101").GetProperty("registrations").EnumerateArray().ToList();
        var hall = list.Single(e => e.GetProperty("number").GetString() == "102").GetProperty("registrations");

        Assert.Equal(2, kitchen.Count);
        Assert.Equal(0, hall.GetArrayLength());
        var udp = kitchen.Single(r => r.GetProperty("transport").GetString() == "UDP");
        Assert.Equal("sip:101@192.168.1.20:5062", udp.GetProperty("contact").GetString());
        Assert.Equal("203.0.113.7:40123", udp.GetProperty("source").GetString());
        Assert.Equal("Linphone/5.2", udp.GetProperty("userAgent").GetString());
        Assert.True(udp.GetProperty("behindNat").GetBoolean());
        Assert.Equal(300, udp.GetProperty("expiresInSeconds").GetInt32());

        box.Time.Advance(TimeSpan.FromSeconds(45));
        var one = await admin.GetFromJsonAsync<JsonElement>("/api/extensions/101");
        var tcp = one.GetProperty("registrations").EnumerateArray().Single(r => r.GetProperty("transport").GetString() == "TCP");
        Assert.Equal(15, tcp.GetProperty("expiresInSeconds").GetInt32());
        Assert.Equal(JsonValueKind.Null, tcp.GetProperty("userAgent").ValueKind);
        Assert.False(tcp.GetProperty("behindNat").GetBoolean());
    }

    [Fact]
    public async Task Restore_ThroughApi_ExtensionsTheSipEngineSeesAreTheRestoredOnes()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/extensions", new { number = "101", displayName = "Kitchen", password = Password });
        var service = box.Services.GetRequiredService<ExtensionService>();
        var kitchen = service.FindCredentials("101");
        var backup = await (await admin.GetAsync("/api/backup")).Content.ReadAsByteArrayAsync();
        await admin.DeleteAsync("/api/extensions/101");
        await admin.PostAsJsonAsync("/api/extensions", new { number = "102", displayName = "Intruder", password = Password });

        using var content = new ByteArrayContent(backup);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/backup/restore", content)).StatusCode);

        var numbers = (await admin.GetFromJsonAsync<JsonElement>("/api/extensions")).EnumerateArray().Select(e => e.GetProperty("number").GetString());
        Assert.Equal(["101"], numbers);
        Assert.Equal(kitchen, service.FindCredentials("101"));
        Assert.Null(service.FindCredentials("102"));
    }

    [Fact]
    public async Task OpenApiDocument_ListsExtensionRoutes()
    {
        using var box = new BoxFactory();

        var doc = await box.CreateClient().GetStringAsync("/openapi/v1.json");

        Assert.Contains("\"/api/extensions\"", doc, StringComparison.Ordinal);
        Assert.Contains("\"/api/extensions/{number}\"", doc, StringComparison.Ordinal);
        Assert.Contains("generatedPassword", doc, StringComparison.Ordinal);
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

#pragma warning disable CA5351 // Digest MD5 is what phones use; computed here apart from the code under test.
    private static string Md5Hex(string text) => Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(text)));
#pragma warning restore CA5351
}
