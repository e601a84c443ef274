using System.Net;
using System.Net.Http.Json;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Api;

public class SetupApiTests
{
    [Fact]
    public async Task Setup_WrongCodeThenRightCode_RefusedThenClosedForGood()
    {
        using var box = new BoxFactory();
        var client = box.CreateClient();
        Assert.Equal("{\"open\":true}", await client.GetStringAsync("/api/setup"));
        Assert.Equal("0600", Convert.ToString((int)File.GetUnixFileMode(box.SetupCodeFile), 8).PadLeft(4, '0'));
        var code = (await File.ReadAllTextAsync(box.SetupCodeFile)).Trim();

        var wrong = await client.PostAsJsonAsync("/api/setup", new { code = "ZZZZ-ZZZZ-ZZZZ", admin = "mallory", password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Equal("1", wrong.Headers.GetValues("Retry-After").Single());

        var tooSoon = await client.PostAsJsonAsync("/api/setup", new { code, admin = "anna", password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.TooManyRequests, tooSoon.StatusCode);

        box.Time.Advance(TimeSpan.FromSeconds(1));
        var right = await client.PostAsJsonAsync("/api/setup", new { code, admin = "anna", password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Created, right.StatusCode);
        Assert.False(File.Exists(box.SetupCodeFile));

        var again = await client.PostAsJsonAsync("/api/setup", new { code, admin = "eve", password = "correct horse battery" });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/setup")).StatusCode);
    }

    [Fact]
    public async Task Setup_MalformedJson_BadRequestAndStillOpen()
    {
        using var box = new BoxFactory();
        var client = box.CreateClient();

        var response = await client.PostAsync("/api/setup", new StringContent("{\"code\": [1,2", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("{\"open\":true}", await client.GetStringAsync("/api/setup"));
    }
}
