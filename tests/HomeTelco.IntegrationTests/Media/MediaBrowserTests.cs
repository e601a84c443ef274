using System.Text.RegularExpressions;
using HomeTelco.IntegrationTests.Browser;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.Tests.Media;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HomeTelco.IntegrationTests.Media;

/// <summary>
/// The Media pages in the Debian Chromium against the real box process: an admin adds a library in
/// the portal, the scan runs with the real ffprobe, and the collections show the items with artwork.
/// </summary>
public sealed class MediaBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>, IDisposable
{
    private const string AdminName = "anna";
    private const string AdminPassword = "correct horse battery";
    private static readonly string ScreenshotDir = Path.Combine(AppContext.BaseDirectory, "screenshots");
    private readonly TestMediaFiles _media = new();

    [Fact]
    public async Task MediaPages_AdminAddsLibrary_CollectionsShowTheScannedItems()
    {
        await using var box = await BoxProcess.StartAsync();
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = box.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
        });
        var page = await context.NewPageAsync();
        await SetUpAndSignInAsync(page, box);

        await page.GetByRole(AriaRole.Link, new() { Name = "Media", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Media", Exact = true, Level = 1 })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Libraries", Exact = true }).ClickAsync();
        await Expect(page.Locator(".page-head:has(h1:text-is('Libraries')) [data-interactive=true]")).ToBeVisibleAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Everything");
        await page.GetByLabel("Kind").SelectOptionAsync("downloads");
        await page.GetByLabel("Folder on the box (absolute path)").FillAsync(_media.Root);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add library" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Added Everything");

        // The progress list refreshes itself: wait (bounded) until the scan has finished.
        await Expect(page.GetByTestId("libraries").GetByText("Up to date")).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("libraries")).ToContainTextAsync("6 items");
        await ShotAsync(page, "media-libraries");

        await page.GetByRole(AriaRole.Link, new() { Name = "Movies", Exact = true }).ClickAsync();
        var movie = page.GetByTestId("media-grid").GetByRole(AriaRole.Link, new() { Name = "Big Test Movie" });
        await Expect(movie).ToBeVisibleAsync();
        // The artwork is a real JPEG the browser decoded.
        var width = await movie.Locator("img").EvaluateAsync<int>("img => img.complete ? img.naturalWidth : -1");
        Assert.Equal(320, width);
        await ShotAsync(page, "media-movies");

        await page.GetByRole(AriaRole.Link, new() { Name = "Music", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Test Artist" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Café Song" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Shows", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Season 1" })).ToBeVisibleAsync();

        await page.GetByLabel("Search media").FillAsync("cafe");
        await page.GetByRole(AriaRole.Button, new() { Name = "Search" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/media/search\\?q=cafe$"));
        await page.GetByTestId("media-grid").GetByRole(AriaRole.Link, new() { Name = "Café Song" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Café Song", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Artwork of Café Song" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Play" })).ToHaveAttributeAsync("href", new Regex("^api/media/\\d+/file$"));
        await ShotAsync(page, "media-item");

        // The dashboard tile has the figures.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.Locator(".tile:has(h2:text-is('Media'))")).ToContainTextAsync("Items");
    }

    public void Dispose() => _media.Dispose();

    private static async Task SetUpAndSignInAsync(IPage page, BoxProcess box)
    {
        await page.GotoAsync("setup");
        await page.GetByLabel("Setup code").FillAsync(box.ReadSetupCode());
        await page.GetByLabel("Admin name").FillAsync(AdminName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(AdminPassword);
        await page.GetByLabel("Confirm password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await page.GetByLabel("User name").FillAsync(AdminName);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
    }
}
