using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.Core.Security;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.IntegrationTests.Torrent.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.IntegrationTests.Api;

/// <summary>
/// /api/torrents over the real host with the real engine on a free loopback port (DHT off, real clock): a torrent
/// seeded by aria2c through opentracker is uploaded and downloaded; bad uploads and callers are refused cleanly.
/// </summary>
public sealed class TorrentApiTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    private static BoxFactory EngineBox() => new()
    {
        ExtraSettings = new Dictionary<string, string>
        {
            ["Ports:Torrent"] = BoxProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Torrent:Dht"] = "false",
            ["Torrent:Lsd"] = "false",
            ["Listen:Address"] = "127.0.0.1",
        },
        // The engine's announces and choking run on the clock: this box keeps real time.
        TestServices = services => services.AddSingleton(TimeProvider.System),
    };

    [Fact]
    public async Task Uploaded_torrent_seeded_by_aria2c_downloads_to_the_downloads_folder()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync();
        swarm.StartAria2Seeder("127.0.0.2");
        await swarm.WaitForTrackerPeersAsync(1, Deadline);
        using var box = EngineBox();
        var admin = await box.AdminClientAsync();

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(swarm.TorrentPath));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
        form.Add(file, "torrent", "content.torrent");
        var added = await admin.PostAsync("/api/torrents", form);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(swarm.Metainfo.WireHash.ToHex(), id);

        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < Deadline)
        {
            last = await admin.GetFromJsonAsync<JsonElement>($"/api/torrents/{id}");
            if (last.GetProperty("summary").GetProperty("progress").GetDouble() >= 1.0)
            {
                break;
            }

            await Task.Delay(250);
        }

        Assert.True(last.GetProperty("summary").GetProperty("progress").GetDouble() >= 1.0, $"no full progress in {Deadline}: {last}");
        await swarm.WaitForSameContentAsync(Path.Combine(box.DataDir, "downloads"), TimeSpan.FromSeconds(20), () => last.ToString());
        var list = await admin.GetFromJsonAsync<JsonElement>("/api/torrents");
        Assert.Equal(id, list[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Bad_uploads_unknown_ids_and_members_are_refused()
    {
        using var box = EngineBox();
        var admin = await box.AdminClientAsync();

        using var garbage = new MultipartFormDataContent { { new ByteArrayContent("d4:spam"u8.ToArray()), "torrent", "x.torrent" } };
        var refused = await admin.PostAsync("/api/torrents", garbage);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.False(string.IsNullOrWhiteSpace((await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()));

        using var huge = new MultipartFormDataContent { { new ByteArrayContent(new byte[(17 * 1024 * 1024) + 1]), "torrent", "big.torrent" } };
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await admin.PostAsync("/api/torrents", huge)).StatusCode);

        var noSource = await admin.PostAsJsonAsync("/api/torrents", new { paused = true });
        Assert.Equal(HttpStatusCode.BadRequest, noSource.StatusCode);

        var unknown = new string('a', 40);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/torrents/{unknown}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/torrents/{unknown}")).StatusCode);

        var magnet = $"magnet:?xt=urn:btih:{new string('b', 40)}&dn=test";
        var added = await admin.PostAsJsonAsync("/api/torrents", new { magnet, paused = true });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var addedView = await added.Content.ReadFromJsonAsync<JsonElement>();
        var id = addedView.GetProperty("id").GetString();
        Assert.Equal("paused", addedView.GetProperty("state").GetString());

        (await admin.PostAsJsonAsync("/api/users", new { name = "kid", password = "another long secret", role = "member" })).EnsureSuccessStatusCode();
        var member = box.CreateClient();
        member.DefaultRequestHeaders.Authorization = new("Bearer", box.Services.GetRequiredService<ApiTokenService>().Create("kid", "tablet").Token);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/torrents")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.DeleteAsync($"/api/torrents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/bandwidth/rules", new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/torrents/{id}?deleteData=true")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/torrents/{id}")).StatusCode);
    }

    [Fact]
    public async Task Engine_off_answers_503_and_bandwidth_rules_still_work()
    {
        using var box = new BoxFactory();
        var admin = await box.AdminClientAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/api/torrents")).StatusCode);
        var created = await admin.PostAsJsonAsync("/api/bandwidth/rules", new { name = "Evenings", days = 127, startMinute = 1080, endMinute = 1380, downloadBytesPerSecond = 250000 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var rules = await admin.GetFromJsonAsync<JsonElement>("/api/bandwidth/rules");
        Assert.Equal("Evenings", rules[0].GetProperty("name").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/bandwidth/rules/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/bandwidth/rules/{id}")).StatusCode);
    }
}
