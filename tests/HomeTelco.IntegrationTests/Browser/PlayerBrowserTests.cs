using System.Globalization;
using System.Text.RegularExpressions;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.IntegrationTests.Streaming;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HomeTelco.IntegrationTests.Browser;

/// <summary>
/// The portal's player in Debian's Chromium against the real box process: an ffmpeg-made H.264/AAC film
/// in a library, played through the box's HLS with hls.js (served by the box), currentTime advancing.
/// </summary>
public sealed class PlayerBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string AdminName = "anna";
    private const string AdminPassword = "correct horse battery";

    [Fact]
    public async Task Player_PlaysAFilmThroughHls_AndCurrentTimeAdvances()
    {
        using var media = new TempFolder();
        await StreamTestMedia.MakeVideoAsync(media.File("Browser Film (2024).mp4"), 12, 720);
        await using var box = await BoxProcess.StartAsync(null, ["--profile", "nas-x64-4g"]);
        await using var context = await chromium.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = box.BaseUrl.ToString() });
        var page = await context.NewPageAsync();
        await SetUpAndSignInAsync(page, box);

        // The library is added with the signed-in cookie, as the portal's own pages would.
        var status = await page.EvaluateAsync<int>(
            "async path => (await fetch('api/libraries', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-HomeTelco-Request': '1' }, body: JSON.stringify({ name: 'Films', kind: 'video', path }) })).status",
            media.Path);
        Assert.Equal(201, status);
        var id = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (id == 0 && DateTime.UtcNow < deadline)
        {
            id = await page.EvaluateAsync<int>("async () => { const m = await (await fetch('api/media/collections/movies')).json(); return m.length ? m[0].id : 0; }");
            if (id == 0)
            {
                await Task.Delay(250);
            }
        }

        Assert.NotEqual(0, id);
        await page.GotoAsync($"media/{id.ToString(CultureInfo.InvariantCulture)}/play");
        await Expect(page.Locator(".page-head:has(h1:text-is('Play')) [data-interactive=true]")).ToBeVisibleAsync();
        var video = page.GetByTestId("player");
        await Expect(video).ToHaveAttributeAsync("data-engine", "hls.js");

        // Muted playback may start without a user gesture.
        await page.EvaluateAsync("() => { const v = document.querySelector('video'); v.muted = true; return v.play(); }");
        var played = 0.0;
        deadline = DateTime.UtcNow.AddSeconds(45);
        while (played < 2 && DateTime.UtcNow < deadline)
        {
            played = await page.EvaluateAsync<double>("() => document.querySelector('video').currentTime");
            await Task.Delay(250);
        }

        var error = await video.GetAttributeAsync("data-error");
        Assert.True(played >= 2, $"currentTime only reached {played} (player error: {error ?? "none"})");

        // The Live TV page is in the menu and renders its guide.
        await page.GetByRole(AriaRole.Link, new() { Name = "Live TV", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/live$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Guide" })).ToBeVisibleAsync();
    }

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
}
