using System.Text.RegularExpressions;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace HomeTelco.IntegrationTests.Browser;

/// <summary>
/// The portal in a real Chromium against the real box process: first-run setup, sign-in, the live
/// dashboard, an interactive page and the phone-width menu. Screenshots land in
/// <c>&lt;test bin&gt;/screenshots</c> for a person to look at.
/// </summary>
public sealed class PortalBrowserTests(ChromiumFixture chromium) : IClassFixture<ChromiumFixture>
{
    private const string AdminName = "anna";
    private const string AdminPassword = "correct horse battery";
    private static readonly string ScreenshotDir = Path.Combine(AppContext.BaseDirectory, "screenshots");

    [Fact]
    public async Task Portal_FirstRunSetupAndSignIn_ShowsDashboardAndUsers()
    {
        await using var box = await BoxProcess.StartAsync();
        await using var context = await NewContextAsync(box, 1280, 860);
        var page = await context.NewPageAsync();

        await SetUpAndSignInAsync(page, box, "desktop");

        await Expect(page).ToHaveURLAsync(box.BaseUrl.ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Box", Exact = true })).ToBeVisibleAsync();
        await Expect(page.Locator(".badge.not-built").First).ToHaveTextAsync("Not built yet");
        await WaitInteractiveAsync(page, "Dashboard");
        await ShotAsync(page, "dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/settings/users$"));
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = AdminName, Exact = true })).ToBeVisibleAsync();

        // Adding a user needs the circuit: the button is disabled until the page is interactive.
        await WaitInteractiveAsync(page, "Users");
        await page.GetByLabel("User name").FillAsync("bob");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("bob-password-long");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "bob", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Added bob.");
        await ShotAsync(page, "users");

        await page.GetByRole(AriaRole.Link, new() { Name = "API tokens", Exact = true }).ClickAsync();
        await WaitInteractiveAsync(page, "API tokens");
        await page.GetByLabel("What will use it?").FillAsync("backup script");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create token" }).ClickAsync();
        await Expect(page.GetByTestId("new-token")).ToHaveTextAsync(new Regex("^ht_"));
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "backup script" })).ToBeVisibleAsync();
        await ShotAsync(page, "tokens");

        // A file that is no backup is refused with Core's reason, streamed through InputFile.
        await page.GetByRole(AriaRole.Link, new() { Name = "Backup", Exact = true }).ClickAsync();
        await WaitInteractiveAsync(page, "Backup");
        await page.GetByLabel("Backup file").SetInputFilesAsync(new FilePayload { Name = "notes.htbackup", MimeType = "application/gzip", Buffer = "not a backup"u8.ToArray() });
        await page.GetByLabel("I understand").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("The uploaded file is not a gzip'd HomeTelco backup");
        await ShotAsync(page, "backup-refused");

        foreach (var (link, name, heading) in new[] { ("My account", "account", "My account"), ("Box", "box-settings", "Box settings"), ("Hardware profile", "hardware", "Hardware profile"), ("Phones", "phones", "Phones") })
        {
            await page.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync(heading);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await ShotAsync(page, name);
        }

        // The hardware page shows the profile the box really runs with and why.
        await page.GetByRole(AriaRole.Link, new() { Name = "Hardware profile", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 2, NameRegex = new System.Text.RegularExpressions.Regex("^In use: ") })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Portal_PhoneWidth_MenuOpensAndNavigates()
    {
        await using var box = await BoxProcess.StartAsync();
        await using var context = await NewContextAsync(box, 375, 812);
        var page = await context.NewPageAsync();

        await SetUpAndSignInAsync(page, box, "phone");

        var usersLink = page.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true });
        await Expect(usersLink).ToBeHiddenAsync();
        await ShotAsync(page, "phone-dashboard");

        await page.GetByText("Menu", new() { Exact = true }).ClickAsync();
        await Expect(usersLink).ToBeVisibleAsync();
        await ShotAsync(page, "phone-menu");

        await usersLink.ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/settings/users$"));
        await Expect(usersLink).ToBeHiddenAsync();

        // On a phone each cell reads with its column's name first ("Name anna").
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Name " + AdminName })).ToBeVisibleAsync();
        await ShotAsync(page, "phone-users");

        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await ShotAsync(page, "phone-users-dark");
    }

    [Fact]
    public async Task Portal_TwoFactorEnrolment_AsksForSecondStepAtNextSignIn()
    {
        await using var box = await BoxProcess.StartAsync();
        await using var context = await NewContextAsync(box, 1280, 860);
        var page = await context.NewPageAsync();
        await SetUpAndSignInAsync(page, box, "twofactor");

        await page.GotoAsync("settings/account");
        await page.GetByRole(AriaRole.Button, new() { Name = "Set up two-factor sign-in" }).ClickAsync();
        await Expect(page.GetByAltText("QR code for your authenticator app")).ToBeVisibleAsync();
        await ShotAsync(page, "account-enrol");
        var secret = (await page.Locator("code.secret").TextContentAsync())!.Trim();
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(secret)).ComputeTotp();
        await page.GetByLabel("Code from the app").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on" }).ClickAsync();
        var recovery = page.GetByTestId("recovery-codes").Locator("li");
        await Expect(recovery).ToHaveCountAsync(10);
        var recoveryCode = (await recovery.First.TextContentAsync())!.Trim();
        await ShotAsync(page, "account-recovery-codes");

        // Turning 2FA on renewed the security stamp; this browser got a fresh cookie and stays signed in.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin$"));

        // Asking for a page while signed out goes through sign-in (both steps) and back to that page.
        await page.GotoAsync("settings/users");
        await Expect(page).ToHaveURLAsync(new Regex("/signin\\?ReturnUrl=%2Fsettings%2Fusers$"));
        await page.GetByLabel("User name").FillAsync(AdminName);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/signin/2fa"));
        await ShotAsync(page, "signin-2fa");

        // The TOTP step just used cannot be replayed, so the second step uses a recovery code.
        await page.GetByLabel("Code").FillAsync(recoveryCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/settings/users$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Setup_WrongCode_ShowsRefusal()
    {
        await using var box = await BoxProcess.StartAsync();
        await using var context = await NewContextAsync(box, 1280, 860);
        var page = await context.NewPageAsync();

        await page.GotoAsync("setup");
        await FillSetupAsync(page, "0000-0000-0000");

        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That is not the setup code");
        await Expect(page).ToHaveURLAsync(new Regex("/setup$"));
        await ShotAsync(page, "setup-wrong-code");
    }

    private async Task<IBrowserContext> NewContextAsync(BoxProcess box, int width, int height) =>
        await chromium.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = box.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });

    private static async Task SetUpAndSignInAsync(IPage page, BoxProcess box, string prefix)
    {
        await page.GotoAsync("setup");
        await ShotAsync(page, $"{prefix}-setup");
        await FillSetupAsync(page, box.ReadSetupCode());
        await Expect(page).ToHaveURLAsync(new Regex("/signin"));
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("admin account is ready");

        await page.GetByLabel("User name").FillAsync(AdminName);
        await page.GetByLabel("Password").FillAsync(AdminPassword);
        await ShotAsync(page, $"{prefix}-signin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Waits until the page under <paramref name="heading"/> has its circuit. Scoped to that page's
    /// header, because during enhanced navigation the previous page's marker can still be on screen.
    /// </summary>
    private static Task WaitInteractiveAsync(IPage page, string heading) =>
        Expect(page.Locator($".page-head:has(h1:text-is('{heading}')) [data-interactive=true]")).ToBeVisibleAsync();

    private static async Task FillSetupAsync(IPage page, string code)
    {
        await page.GetByLabel("Setup code").FillAsync(code);
        await page.GetByLabel("Admin name").FillAsync(AdminName);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(AdminPassword);
        await page.GetByLabel("Confirm password").FillAsync(AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create admin" }).ClickAsync();
    }

    private static async Task ShotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotDir);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDir, name + ".png"), FullPage = true });
    }
}
