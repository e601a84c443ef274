using System.Globalization;
using System.Net.Http.Json;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HomeTelco.IntegrationTests.Browser;

/// <summary>The Downloads page in a real Chromium at phone width against the real box process with its torrent engine on.</summary>
public sealed class DownloadsBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string AdminName = "anna";
    private const string AdminPassword = "correct horse battery";

    [Fact]
    public async Task Downloads_PhoneWidth_AddedMagnetListedWithProgressBar()
    {
        var torrentPort = BoxProcess.FreePort();
        await using var box = await BoxProcess.StartAsync(null, ["--torrent-port", torrentPort.ToString(CultureInfo.InvariantCulture), "--Torrent:Dht", "false"]);
        using (var http = new HttpClient { BaseAddress = box.BaseUrl })
        {
            (await http.PostAsJsonAsync("api/setup", new { code = box.ReadSetupCode(), admin = AdminName, password = AdminPassword })).EnsureSuccessStatusCode();
        }

        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = box.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("signin");
        await page.GetByLabel("User name").FillAsync(AdminName);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        await page.GotoAsync("downloads");
        await Expect(page.Locator(".page-head:has(h1:text-is('Downloads')) [data-interactive=true]")).ToBeVisibleAsync();
        await Expect(page.GetByText("No torrents yet.")).ToBeVisibleAsync();

        var hash = new string('c', 40);
        await page.GetByLabel("Magnet link or URL of a .torrent file").FillAsync($"magnet:?xt=urn:btih:{hash}&dn=holiday-video");
        await page.GetByTestId("add-torrent").ClickAsync();

        var row = page.Locator($"tr[data-torrent='{hash}']");
        await Expect(row).ToContainTextAsync("holiday-video");
        await Expect(row.Locator("progress")).ToBeVisibleAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Paused");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Start" })).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the Downloads page scrolls sideways at phone width");
    }
}
