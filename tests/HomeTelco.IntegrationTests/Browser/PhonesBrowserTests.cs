using System.Globalization;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using HomeTelco.Core.Phones;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HomeTelco.IntegrationTests.Browser;

/// <summary>
/// The Phones page in a real Chromium at phone width: an admin adds, re-keys and removes extensions against the
/// real box process; live registrations appear, count down and go while the page stays open. Screenshots land in
/// <c>&lt;test bin&gt;/screenshots</c>.
/// </summary>
public sealed class PhonesBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string AdminName = "anna";
    private const string AdminPassword = "correct horse battery";
    private static readonly string ScreenshotDir = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Phones_PhoneWidth_AdminAddsExtensionsAndSeesThemListed()
    {
        var sipPort = BoxProcess.FreePort();
        await using var box = await BoxProcess.StartAsync(null, ["--sip-port", sipPort.ToString(CultureInfo.InvariantCulture)]);
        await SetUpAsync(box.BaseUrl, box.ReadSetupCode());
        await using var context = await NewContextAsync(box.BaseUrl);
        var page = await context.NewPageAsync();
        await SignInAsync(page);

        await page.GotoAsync("phones");
        await WaitInteractiveAsync(page);
        await Expect(page.GetByText("No extensions yet.")).ToBeVisibleAsync();

        // Generated (the default): the password is shown once, above the list.
        await page.GetByLabel("Number", new() { Exact = true }).FillAsync("101");
        await page.GetByLabel("Display name", new() { Exact = true }).FillAsync("Kitchen");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add extension" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added extension 101.");
        var kitchen = page.GetByTestId("extension-101");
        await Expect(kitchen).ToContainTextAsync("Kitchen");
        await Expect(kitchen).ToContainTextAsync("No phone registered");
        await Expect(page.GetByTestId("generated-password")).ToHaveTextAsync(new Regex("^[A-Za-z0-9]{20}$"));
        var first = (await page.GetByTestId("generated-password").TextContentAsync())!;
        await ShotAsync(page, "phones-phone-added");

        // Typed: no password is shown for it.
        await page.GetByRole(AriaRole.Button, new() { Name = "I have copied it" }).ClickAsync();
        await page.GetByLabel("Number", new() { Exact = true }).FillAsync("102");
        await page.GetByLabel("Display name", new() { Exact = true }).FillAsync("Hall");
        await page.GetByLabel("Generate a password for me").UncheckAsync();
        await page.GetByLabel("SIP password", new() { Exact = true }).FillAsync("short");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add extension" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("at least 12 characters");
        await page.GetByLabel("SIP password", new() { Exact = true }).FillAsync("hall-phone-secret");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add extension" }).ClickAsync();
        await Expect(page.GetByTestId("extension-102")).ToContainTextAsync("Hall");
        await Expect(page.GetByTestId("generated-password")).ToHaveCountAsync(0);
        Assert.Equal(["101", "102"], await page.Locator(".extension .number").AllTextContentsAsync());

        // Re-key 101: a new generated password, different from the first.
        await kitchen.GetByRole(AriaRole.Button, new() { Name = "Edit…" }).ClickAsync();
        await kitchen.GetByRole(AriaRole.Button, new() { Name = "Generate a new password" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("New password generated for 101");
        await Expect(page.GetByTestId("generated-password")).Not.ToHaveTextAsync(first);

        // Removing asks first.
        var hall = page.GetByTestId("extension-102");
        await hall.GetByRole(AriaRole.Button, new() { Name = "Remove…" }).ClickAsync();
        await ShotAsync(page, "phones-phone-confirm-remove");
        await hall.GetByRole(AriaRole.Button, new() { Name = "Remove 102" }).ClickAsync();
        await Expect(page.GetByTestId("extension-102")).ToHaveCountAsync(0);
        await Expect(kitchen).ToBeVisibleAsync();

        // What a softphone needs: the address this browser used and the box's SIP port.
        await Expect(page.GetByTestId("sip-server")).ToHaveTextAsync("127.0.0.1");
        await Expect(page.GetByTestId("sip-port")).ToHaveTextAsync(sipPort.ToString(CultureInfo.InvariantCulture));
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the Phones page scrolls sideways at phone width");
        await ShotAsync(page, "phones-phone");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await ShotAsync(page, "phones-phone-dark");

        // The API sees what the page made.
        var api = await context.APIRequest.GetAsync("api/extensions");
        Assert.Equal(200, api.Status);
        Assert.Contains("\"number\":\"101\"", await api.TextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("\"number\":\"102\"", await api.TextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Phones_LiveRegistrations_AppearCountDownAndGoWithoutReload()
    {
        // The registrar is not in this build: the page reads registrations through IPhoneRegistrations, which the
        // test fills, over the in-process host on a real Kestrel port so the browser can reach it. The box's clock is
        // fake, so the page's refresh timer ticks exactly when the test moves it.
        var port = BoxProcess.FreePort();
        var registrations = new FixedPhoneRegistrations();
        using var box = new BoxFactory
        {
            ExtraSettings = new Dictionary<string, string>
            {
                ["Ports:Http"] = port.ToString(CultureInfo.InvariantCulture),
                ["Listen:Address"] = "127.0.0.1",
            },
            TestServices = s => s.AddSingleton<IPhoneRegistrations>(registrations),
        };
        box.UseKestrel();
        box.StartServer();
        var admin = await box.AdminClientAsync();
        (await admin.PostAsJsonAsync("/api/extensions", new { number = "101", displayName = "Kitchen", password = "kitchen-phone-secret" })).EnsureSuccessStatusCode();
        var baseUrl = new Uri($"http://127.0.0.1:{port}/");
        await using var context = await NewContextAsync(baseUrl);
        var page = await context.NewPageAsync();
        await SignInAsync(page, BoxFactory.AdminName, BoxFactory.AdminPassword);
        await page.GotoAsync("phones");
        await WaitInteractiveAsync(page);
        var kitchen = page.GetByTestId("extension-101");
        await Expect(kitchen).ToContainTextAsync("No phone registered");

        var expires = box.Time.GetUtcNow().AddMinutes(2);
        registrations.Set(new PhoneRegistration("101", "sip:101@192.168.1.20:5062;ob", "UDP", "203.0.113.7:40123", "Linphone/5.2.0 (belle-sip/5.2.0)", true, expires));

        // The timer starts just after the first interactive render: tick until the page has picked the phone up.
        var phone = kitchen.Locator(".registrations li");
        for (var tick = 0; ; tick++)
        {
            box.Time.Advance(TimeSpan.FromSeconds(5));
            try
            {
                await Expect(phone).ToHaveCountAsync(1, new() { Timeout = 1000 });
                break;
            }
            catch (PlaywrightException) when (tick < 20)
            {
                // Not yet: the timer was not running at this tick.
            }
        }

        await Expect(kitchen).ToContainTextAsync("1 phone registered");
        await Expect(phone).ToContainTextAsync("sip:101@192.168.1.20:5062;ob");
        await Expect(phone).ToContainTextAsync("UDP");
        await Expect(phone).ToContainTextAsync("203.0.113.7:40123");
        await Expect(phone).ToContainTextAsync("Linphone/5.2.0");
        await Expect(phone.Locator("div:has(> dt:text-is('Behind NAT')) dd")).ToHaveTextAsync("Yes");

        // One more tick: the time left is computed from the box's clock at that tick.
        box.Time.Advance(TimeSpan.FromSeconds(5));
        var left = (int)Math.Ceiling((expires - box.Time.GetUtcNow()).TotalSeconds);
        await Expect(phone.Locator("div:has(> dt:text-is('Expires in')) dd")).ToHaveTextAsync($"{left / 60} min {left % 60:00} s");
        await ShotAsync(page, "phones-phone-registered");

        registrations.Set();
        box.Time.Advance(TimeSpan.FromSeconds(5));
        await Expect(phone).ToHaveCountAsync(0);
        await Expect(kitchen).ToContainTextAsync("No phone registered");
    }

    private async Task<IBrowserContext> NewContextAsync(Uri baseUrl) =>
        await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
        });

    private static async Task SetUpAsync(Uri baseUrl, string code)
    {
        using var http = new HttpClient { BaseAddress = baseUrl };
        (await http.PostAsJsonAsync("api/setup", new { code, admin = AdminName, password = AdminPassword })).EnsureSuccessStatusCode();
    }

    private static async Task SignInAsync(IPage page, string name = AdminName, string password = AdminPassword)
    {
        await page.GotoAsync("signin");
        await page.GetByLabel("User name").FillAsync(name);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
    }

    private static Task WaitInteractiveAsync(IPage page) =>
        Expect(page.Locator(".page-head:has(h1:text-is('Phones')) [data-interactive=true]")).ToBeVisibleAsync();

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
    }
}
