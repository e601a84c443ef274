using System.Text.RegularExpressions;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HomeTelco.IntegrationTests.Browser;

/// <summary>The "Blocked sources" page at phone width in Chromium against the real box: block, see, unblock.</summary>
public sealed class PhoneSecurityBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private static readonly string ScreenshotDir = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task BlockedSources_PhoneWidth_AdminBlocksAndUnblocks()
    {
        using var folder = new TempFolder();
        await BoxAdmin.TokenAsync(folder.Path);
        await using var box = await BoxProcess.StartAsync(folder.Path, []);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = box.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 375, Height = 812 },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("signin");
        await page.GetByLabel("User name").FillAsync("admin");
        await page.GetByLabel("Password").FillAsync(BoxAdmin.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        await page.GotoAsync("phones");
        await page.GetByRole(AriaRole.Link, new() { Name = "Blocked sources" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/phones/security$"));
        await Expect(page.GetByTestId("no-bans")).ToBeVisibleAsync();
        await Expect(page.Locator(".page-head:has(h1:text-is('Blocked sources')) [data-interactive=true]")).ToBeVisibleAsync();

        await page.GetByLabel("Address or range").FillAsync("198.51.100.0/24");
        await page.GetByLabel("Reason (optional)").FillAsync("test network");
        await page.GetByLabel("For how long").SelectOptionAsync("1440");
        await page.GetByRole(AriaRole.Button, new() { Name = "Block", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Blocked 198.51.100.0/24.");
        // On a phone each cell reads with its column's name first.
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Address 198.51.100.0/24" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Set by An admin" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { NameRegex = new Regex("^Until .* UTC \\(in 24 h\\)$") })).ToBeVisibleAsync();
        await ShotAsync(page, "phone-blocked-sources");

        await page.GetByLabel("Address or range").FillAsync("10.1.2.3/8");
        await page.GetByRole(AriaRole.Button, new() { Name = "Block", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("the range is 10.0.0.0/8");

        await page.GetByRole(AriaRole.Button, new() { Name = "Unblock…" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Unblock 198.51.100.0/24" }).ClickAsync();
        await Expect(page.GetByTestId("no-bans")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Unblocked 198.51.100.0/24.");
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
    }
}
