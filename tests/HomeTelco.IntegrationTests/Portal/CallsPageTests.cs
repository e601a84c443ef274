using System.Globalization;
using System.Net;
using HomeTelco.Core.Calls;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.IntegrationTests.Portal;

public class CallsPageTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private static async Task<HttpClient> SignedInAsync(BoxFactory box)
    {
        await box.AdminClientAsync();
        var client = box.CreateClient();
        var response = await PortalForms.PostAsync(client, "/signin", "signin", new Dictionary<string, string> { ["Form.Name"] = BoxFactory.AdminName, ["Form.Password"] = BoxFactory.AdminPassword });
        Assert.True(response.IsSuccessStatusCode, response.StatusCode.ToString());
        return client;
    }

    private static void Save(BoxFactory box, int minute, int result, bool answered, string reason)
    {
        box.Services.GetRequiredService<CallRecordService>().Save(new CallRecord
        {
            Id = "rec" + minute.ToString(CultureInfo.InvariantCulture),
            CallId = "call-" + minute.ToString(CultureInfo.InvariantCulture),
            CallerNumber = "101",
            CallerName = "Kitchen",
            Callee = "102",
            StartedAt = Start.AddMinutes(minute),
            AnsweredAt = answered ? Start.AddMinutes(minute).AddSeconds(2) : null,
            EndedAt = Start.AddMinutes(minute).AddSeconds(95),
            ResultCode = result,
            Reason = reason,
        });
    }

    [Fact]
    public async Task CallsPage_ListsCallsWithResultAndDuration()
    {
        using var box = new BoxFactory();
        var client = await SignedInAsync(box);
        Save(box, 0, 486, answered: false, "Busy Here");
        Save(box, 1, 200, answered: true, "Hung up by 102");

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/phones/calls"));

        Assert.Contains("101 (Kitchen)", page, StringComparison.Ordinal);
        Assert.Contains("Answered", page, StringComparison.Ordinal);
        Assert.Contains("1:33", page, StringComparison.Ordinal);
        Assert.Contains("Busy", page, StringComparison.Ordinal);
        Assert.True(page.IndexOf("Answered", StringComparison.Ordinal) < page.IndexOf("Busy", StringComparison.Ordinal), "newest first");
        Assert.DoesNotContain("Older calls</a>", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallsPage_MoreThanAPage_OlderCallsLinkShowsTheRest()
    {
        using var box = new BoxFactory();
        var client = await SignedInAsync(box);
        for (var minute = 0; minute < 52; minute++)
        {
            Save(box, minute, 487, answered: false, "Request Terminated");
        }

        var page = WebUtility.HtmlDecode(await client.GetStringAsync("/phones/calls"));
        var link = System.Text.RegularExpressions.Regex.Match(page, "href=\"(phones/calls\\?before=[^\"]+)\"");
        Assert.True(link.Success, "no link to older calls");

        var older = WebUtility.HtmlDecode(await client.GetStringAsync("/" + link.Groups[1].Value));
        Assert.Contains("2026-11-29 09:01:00", older, StringComparison.Ordinal);
        Assert.Contains("2026-11-29 09:00:00", older, StringComparison.Ordinal);
        Assert.DoesNotContain("2026-11-29 09:02:00", older, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallsPage_Anonymous_SentToSignIn()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();
        var client = box.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/phones/calls");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("signin", response.Headers.Location!.OriginalString, StringComparison.OrdinalIgnoreCase);
    }
}
