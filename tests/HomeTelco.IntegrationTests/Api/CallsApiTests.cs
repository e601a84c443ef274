using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.Core.Calls;
using HomeTelco.Core.Security;
using HomeTelco.Core.Users;
using HomeTelco.IntegrationTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.IntegrationTests.Api;

public class CallsApiTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 29, 9, 0, 0, TimeSpan.Zero);

    private static void Seed(BoxFactory box, int count)
    {
        var calls = box.Services.GetRequiredService<CallRecordService>();
        for (var i = 0; i < count; i++)
        {
            calls.Save(new CallRecord
            {
                Id = "rec" + i.ToString(CultureInfo.InvariantCulture),
                CallId = "call-" + i.ToString(CultureInfo.InvariantCulture),
                CallerNumber = "101",
                CallerName = "Kitchen",
                Callee = "102",
                StartedAt = Start.AddMinutes(i),
                AnsweredAt = Start.AddMinutes(i).AddSeconds(3),
                EndedAt = Start.AddMinutes(i).AddSeconds(63),
                ResultCode = 200,
                Reason = "Hung up by 102",
            });
        }
    }

    [Fact]
    public async Task Calls_Member_NewestFirstWithDurationAndPagesBackWithBefore()
    {
        using var box = new BoxFactory();
        await box.AdminClientAsync();
        box.Services.GetRequiredService<UserService>().Add("kid", "another long secret", UserRole.Member);
        var member = box.CreateClient();
        member.DefaultRequestHeaders.Authorization = new("Bearer", box.Services.GetRequiredService<ApiTokenService>().Create("kid", "tablet").Token);
        Seed(box, 5);

        var first = await member.GetFromJsonAsync<JsonElement>("/api/calls?limit=2");
        Assert.Equal(["rec4", "rec3"], first.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(60, first[0].GetProperty("durationSeconds").GetDouble());
        Assert.Equal(200, first[0].GetProperty("resultCode").GetInt32());

        var before = Uri.EscapeDataString(first[1].GetProperty("startedAt").GetString()!);
        var next = await member.GetFromJsonAsync<JsonElement>($"/api/calls?limit=2&before={before}");
        Assert.Equal(["rec2", "rec1"], next.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Calls_BadBefore_400()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        var response = await admin.GetAsync("/api/calls?before=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
