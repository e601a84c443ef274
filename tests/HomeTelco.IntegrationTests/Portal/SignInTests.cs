using System.Net;
using System.Net.Http.Json;
using HomeTelco.Core.Security;
using HomeTelco.Core.Users;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OtpNet;

namespace HomeTelco.IntegrationTests.Portal;

public class SignInTests
{
    private static readonly WebApplicationFactoryClientOptions NoRedirects = new() { AllowAutoRedirect = false };

    [Fact]
    public async Task SignIn_WrongPassword_RefusedWithoutSayingWhichPart()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();
        var client = box.CreateClient(NoRedirects);

        var response = await SignInAsync(client, BoxFactory.AdminName, "not the password at all");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Wrong user name or password", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task SignIn_RightPassword_CookieWorksForApiReadsAndWritesNeedTheHeader()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();
        var client = box.CreateClient(NoRedirects);

        var response = await SignInAsync(client, BoxFactory.AdminName, BoxFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
        var withoutHeader = await client.PostAsJsonAsync("/api/tokens", new { name = "from a hostile page" });
        Assert.Equal(HttpStatusCode.Forbidden, withoutHeader.StatusCode);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tokens") { Content = JsonContent.Create(new { name = "from the portal" }) };
        request.Headers.Add("X-HomeTelco-Request", "1");
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task SignIn_PasswordChangedElsewhere_OldCookieRejected()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();
        var client = box.CreateClient(NoRedirects);
        await SignInAsync(client, BoxFactory.AdminName, BoxFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);

        box.Services.GetRequiredService<UserService>().SetPassword(BoxFactory.AdminName, "a completely new passphrase");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task SignIn_WithTwoFactor_PasswordAloneIsNotEnoughThenCodeSignsIn()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();
        var users = box.Services.GetRequiredService<UserService>();
        var twoFactor = box.Services.GetRequiredService<TwoFactorService>();
        var admin = users.Find(BoxFactory.AdminName)!;
        var (secret, _) = twoFactor.BeginEnrollment(admin, "HomeTelco");
        twoFactor.Enable(admin, Code(secret, box.Time.GetUtcNow()));
        box.Time.Advance(TimeSpan.FromSeconds(30));
        var client = box.CreateClient(NoRedirects);

        var first = await SignInAsync(client, BoxFactory.AdminName, BoxFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Contains("signin/2fa", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);

        var wrong = await PortalForms.PostAsync(client, "/signin/2fa", "second-factor", new Dictionary<string, string> { ["Form.Code"] = "000000" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/me")).StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, wrong.StatusCode);

        var right = await PortalForms.PostAsync(client, "/signin/2fa", "second-factor", new Dictionary<string, string> { ["Form.Code"] = Code(secret, box.Time.GetUtcNow()) });
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task SignIn_ReturnUrlToAnotherSite_IgnoredGoesHome()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();
        var client = box.CreateClient(NoRedirects);

        var response = await PortalForms.PostAsync(client, "/signin?ReturnUrl=%2F%2Fevil.example%2Fsteal", "signin", new Dictionary<string, string>
        {
            ["Form.Name"] = BoxFactory.AdminName,
            ["Form.Password"] = BoxFactory.AdminPassword,
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.DoesNotContain("evil.example", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> SignInAsync(HttpClient client, string name, string password) =>
        PortalForms.PostAsync(client, "/signin", "signin", new Dictionary<string, string> { ["Form.Name"] = name, ["Form.Password"] = password });

    private static string Code(string secret, DateTimeOffset at) => new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp(at.UtcDateTime);
}
