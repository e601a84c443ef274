using System.Net;
using System.Net.Http.Json;
using HomeTelco.Core.Phones;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.IntegrationTests.Portal;

/// <summary>The Phones page as the server renders it first, for each kind of visitor (the browser tests drive it live).</summary>
public class PhonesPageTests
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    [Fact]
    public async Task Member_SeesExtensionsAndPhones_NoAdminActions()
    {
        var registrations = new FixedPhoneRegistrations();
        using var box = new BoxFactory { TestServices = s => s.AddSingleton<IPhoneRegistrations>(registrations) };
        var admin = await box.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/users", new { name = "kid", password = "another long secret", role = "member" });
        await admin.PostAsJsonAsync("/api/extensions", new { number = "101", displayName = "Kitchen", password = "kitchen-phone-secret" });
        registrations.Set(new PhoneRegistration("101", "sip:101@10.0.0.9:5060", "TCP", "10.0.0.9:50123", "Zoiper", false, box.Time.GetUtcNow().AddSeconds(300)));
        var member = await SignedInAsync(box, "kid", "another long secret");

        var html = await member.GetStringAsync("/phones");

        Assert.Contains("Kitchen", html, StringComparison.Ordinal);
        Assert.Contains("sip:101@10.0.0.9:5060", html, StringComparison.Ordinal);
        Assert.Contains("5 min 00 s", html, StringComparison.Ordinal);
        Assert.Contains("How to set up a phone", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Add an extension", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Edit…", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Remove…", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_SeesAddEditRemove_AndThatRegistrationsAreUnavailableWithoutSip()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();
        await admin.PostAsJsonAsync("/api/extensions", new { number = "101", displayName = "Kitchen", password = "kitchen-phone-secret" });
        var browser = await SignedInAsync(box, BoxFactory.AdminName, BoxFactory.AdminPassword);

        var html = await browser.GetStringAsync("/phones");

        Assert.Contains("Add an extension", html, StringComparison.Ordinal);
        Assert.Contains("Edit…", html, StringComparison.Ordinal);
        Assert.Contains("Remove…", html, StringComparison.Ordinal);
        Assert.Contains("Registered phones cannot be shown", html, StringComparison.Ordinal);
        Assert.Contains("SIP is turned off on this box", html, StringComparison.Ordinal);
        Assert.DoesNotContain("kitchen-phone-secret", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_RedirectedToSignIn()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();

        var response = await box.CreateClient(NoRedirects).GetAsync("/phones");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    private static async Task<HttpClient> SignedInAsync(BoxFactory box, string name, string password)
    {
        var client = box.CreateClient(NoRedirects);
        var signIn = await PortalForms.PostAsync(client, "/signin", "signin", new Dictionary<string, string> { ["Form.Name"] = name, ["Form.Password"] = password });
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        return client;
    }
}
