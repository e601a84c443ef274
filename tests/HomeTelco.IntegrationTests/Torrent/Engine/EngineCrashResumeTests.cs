using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// The real box, SIGKILLed twice in the middle of a download from a rate-limited aria2c and started again on the same
/// data folder: the torrent is listed again, comes back with at least every piece it had verified before the kill
/// (fast resume or re-check, never from zero), and completes with every file byte for byte.
/// </summary>
public sealed class EngineCrashResumeTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Killed_twice_mid_download_the_box_resumes_from_what_it_had_and_completes()
    {
        await using var swarm = new SwarmFixture();
        await swarm.CreateAsync(totalKib: 6_000);
        // About 17 s of download at this rate: time to see it at 20 % and at 50 %, and to kill it there.
        swarm.StartAria2Seeder("127.0.0.2", swarm.SeedDir, "-V", "--max-overall-upload-limit=350K");
        var data = swarm.Work.File("box");
        Directory.CreateDirectory(data);
        var downloads = swarm.Work.File("downloads");
        var token = await BoxAdmin.TokenAsync(data);
        string[] options =
        [
            "--torrent-port", BoxProcess.FreePort().ToString(CultureInfo.InvariantCulture),
            "--Torrent:Dht", "false",
            "--Torrent:DownloadsDir", downloads,
        ];

        var box = await BoxProcess.StartAsync(data, options);
        try
        {
            string id;
            using (var api = BoxAdmin.Api(box, token))
            {
                id = await UploadAsync(api, swarm.TorrentPath);
            }

            foreach (var killAt in new[] { 0.2, 0.5 })
            {
                double had;
                using (var api = BoxAdmin.Api(box, token))
                {
                    var before = await WaitForAsync(api, id, v => Progress(v) >= killAt, $"reach {killAt:P0}", box);
                    had = Progress(before);
                    Assert.True(had < killAt + 0.25, $"the download ran to {had:P0} before it could be killed at {killAt:P0}: slow the seeder down");
                }

                await box.KillHardAsync();
                await box.DisposeAsync();
                box = await BoxProcess.StartAsync(data, options);

                using (var api = BoxAdmin.Api(box, token))
                {
                    var listed = await api.GetFromJsonAsync<JsonElement>(new Uri("api/torrents", UriKind.Relative));
                    Assert.Contains(id, listed.EnumerateArray().Select(t => t.GetProperty("id").GetString()));

                    // Checking (progress then counts the re-check) or straight to downloading from fast-resume data;
                    // once past it, every piece verified before the kill is had again: its bytes were written first.
                    var states = new List<string>();
                    var resumed = await WaitForAsync(api, id, v =>
                    {
                        states.Add(State(v));
                        return State(v) is "downloading" or "seeding";
                    }, "resume after the kill", box);
                    Assert.True(Progress(resumed) >= had, $"after the kill at {had:P0} it came back at {Progress(resumed):P0} (states seen: {string.Join(", ", states.Distinct())})");
                    Assert.DoesNotContain("error", states);
                }
            }

            using (var api = BoxAdmin.Api(box, token))
            {
                await WaitForAsync(api, id, v => State(v) == "seeding" && Progress(v) >= 1.0, "complete", box);
            }

            swarm.AssertSameContent(downloads);
        }
        finally
        {
            await box.DisposeAsync();
        }
    }

    private static async Task<string> UploadAsync(HttpClient api, string torrentPath)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(torrentPath));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
        form.Add(file, "torrent", "content.torrent");
        using var added = await api.PostAsync(new Uri("api/torrents", UriKind.Relative), form);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        return (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static double Progress(JsonElement view) => view.GetProperty("progress").GetDouble();

    private static string State(JsonElement view) => view.GetProperty("state").GetString()!;

    // Polls GET /api/torrents/{id} every 100 ms; the summary when `done` holds, else fails with the last one and the box's log.
    private static async Task<JsonElement> WaitForAsync(HttpClient api, string id, Func<JsonElement, bool> done, string what, BoxProcess box)
    {
        var clock = Stopwatch.StartNew();
        JsonElement last = default;
        while (clock.Elapsed < Deadline)
        {
            last = (await api.GetFromJsonAsync<JsonElement>(new Uri($"api/torrents/{id}", UriKind.Relative))).GetProperty("summary");
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The torrent did not {what} within {Deadline.TotalSeconds} s: {last}\nBox output:\n{box.Output}");
    }
}
