using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Streaming;

/// <summary>Live TV through the real host: an IPTV source whose channel is ffmpeg sending MPEG-TS to a loopback UDP port.</summary>
public sealed class LiveApiTests : IAsyncLifetime
{
    private readonly TempFolder _temp = new();
    private readonly BoxFactory _box = new() { ExtraSettings = new Dictionary<string, string> { ["Profile"] = "nas-x64-4g" } };
    private Process? _feeder;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _box.DisposeAsync();
        if (_feeder is not null)
        {
            _feeder.Kill(entireProcessTree: true);
            await _feeder.WaitForExitAsync();
            _feeder.Dispose();
        }

        _temp.Dispose();
    }

    [Fact]
    public async Task IptvChannel_WithGuide_PlaysThroughTheLivePlaylist()
    {
        int port;
        using (var probe = new UdpClient(new System.Net.IPEndPoint(IPAddress.Loopback, 0)))
        {
            port = ((System.Net.IPEndPoint)probe.Client.LocalEndPoint!).Port;
        }

        _feeder = Process.Start(new ProcessStartInfo("ffmpeg")
        {
            ArgumentList =
            {
                "-nostdin", "-v", "error", "-re", "-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-f", "lavfi", "-i", "sine",
                "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac", "-f", "mpegts", $"udp://127.0.0.1:{port}?pkt_size=1316",
            },
            UseShellExecute = false,
        })!;
        var admin = await _box.AdminClientAsync();
        var now = _box.Time.GetUtcNow();
        string Xmltv(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + " +0000";
        var guide = $"<tv><programme start=\"{Xmltv(now.AddMinutes(-10))}\" stop=\"{Xmltv(now.AddMinutes(20))}\" channel=\"test.1\"><title>Test Card</title></programme>"
            + $"<programme start=\"{Xmltv(now.AddMinutes(20))}\" stop=\"{Xmltv(now.AddMinutes(50))}\" channel=\"test.1\"><title>Tone</title></programme></tv>";
        var playlist = $"#EXTM3U\n#EXTINF:-1 tvg-id=\"test.1\" group-title=\"Tests\",Test Card\nudp://127.0.0.1:{port}\n";

        var bad = await admin.PostAsJsonAsync("/api/live/sources", new { name = "Bad", playlist = "#EXTM3U\nfile:///etc/passwd\n" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var added = await admin.PostAsJsonAsync("/api/live/sources", new { name = "Loopback", playlist, guide });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);

        var channels = await admin.GetFromJsonAsync<JsonElement>("/api/live/channels");
        var channel = channels[0];
        Assert.Equal("Test Card", channel.GetProperty("name").GetString());
        Assert.Equal("Test Card", channel.GetProperty("now").GetProperty("title").GetString());
        Assert.Equal("Tone", channel.GetProperty("next").GetProperty("title").GetString());
        var id = channel.GetProperty("id").GetString();

        var live = await admin.GetAsync($"/api/live/channels/{id}/live.m3u8");
        var text = await live.Content.ReadAsStringAsync();
        Assert.True(live.StatusCode == HttpStatusCode.OK, text);
        var segment = await admin.GetByteArrayAsync($"/api/live/channels/{id}/{text.Split('\n').First(l => l.EndsWith(".ts", StringComparison.Ordinal))}");
        Assert.True(await StreamTestMedia.DecodedFramesAsync(segment, _temp.Path) >= 25);

        // A signed link opens the same channel without a cookie; the anonymous request without one does not.
        var link = await admin.PostAsJsonAsync("/api/stream-links", new { channelId = id });
        var url = new Uri((await link.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
        var anonymous = _box.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(url.PathAndQuery)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/live/channels/{id}/live.m3u8")).StatusCode);
    }

    [Fact]
    public async Task IptvSource_GivenByUrl_IsFetchedWithItsGzippedGuideAndRefreshedOnRequest()
    {
        // The provider: a real HTTP server (python3's) on loopback serving the playlist and a gzipped XMLTV guide.
        var site = Path.Combine(_temp.Path, "provider");
        Directory.CreateDirectory(site);
        var now = _box.Time.GetUtcNow();
        string Xmltv(DateTimeOffset t) => t.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + " +0000";
        await File.WriteAllTextAsync(Path.Combine(site, "list.m3u"), "#EXTM3U\n#EXTINF:-1 tvg-id=\"news.1\",News\nhttp://127.0.0.1:9/news.ts\n");
        await using (var gz = new System.IO.Compression.GZipStream(File.Create(Path.Combine(site, "guide.xml.gz")), System.IO.Compression.CompressionLevel.Fastest))
        {
            await gz.WriteAsync(System.Text.Encoding.UTF8.GetBytes(
                $"<tv><programme start=\"{Xmltv(now.AddMinutes(-5))}\" stop=\"{Xmltv(now.AddMinutes(25))}\" channel=\"news.1\"><title>Headlines</title></programme></tv>"));
        }

        var port = BoxProcess.FreePort();
        _feeder = Process.Start(new ProcessStartInfo("python3", ["-m", "http.server", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--directory", site])
        {
            UseShellExecute = false,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var baseUrl = $"http://127.0.0.1:{port}";
        await WaitForHttpAsync($"{baseUrl}/list.m3u");
        var admin = await _box.AdminClientAsync();

        // Wrong links are refused with the reason, and nothing is added.
        var missing = await admin.PostAsJsonAsync("/api/live/sources", new { name = "Missing", playlistUrl = $"{baseUrl}/nope.m3u" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("404", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var scheme = await admin.PostAsJsonAsync("/api/live/sources", new { name = "File", playlistUrl = "file:///etc/passwd" });
        Assert.Equal(HttpStatusCode.BadRequest, scheme.StatusCode);

        var added = await admin.PostAsJsonAsync("/api/live/sources", new { name = "Provider", playlistUrl = $"{baseUrl}/list.m3u", guideUrl = $"{baseUrl}/guide.xml.gz" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var source = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(source.GetProperty("hasGuide").GetBoolean());
        var channels = await admin.GetFromJsonAsync<JsonElement>("/api/live/channels");
        Assert.Equal("News", channels[0].GetProperty("name").GetString());
        Assert.Equal("Headlines", channels[0].GetProperty("now").GetProperty("title").GetString());

        // The provider changes its line-up: a refresh picks it up; a provider gone keeps the last line-up and says why.
        await File.WriteAllTextAsync(Path.Combine(site, "list.m3u"), "#EXTM3U\n#EXTINF:-1,News\nhttp://127.0.0.1:9/news.ts\n#EXTINF:-1,Sport\nhttp://127.0.0.1:9/sport.ts\n");
        var id = source.GetProperty("id").GetString();
        var refreshed = await admin.PostAsync($"/api/live/sources/{id}/refresh", null);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        channels = await admin.GetFromJsonAsync<JsonElement>("/api/live/channels");
        Assert.Equal(["News", "Sport"], channels.EnumerateArray().Select(c => c.GetProperty("name").GetString()));

        File.Delete(Path.Combine(site, "list.m3u"));
        var failed = await (await admin.PostAsync($"/api/live/sources/{id}/refresh", null)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("404", failed.GetProperty("refreshError").GetString(), StringComparison.Ordinal);
        channels = await admin.GetFromJsonAsync<JsonElement>("/api/live/channels");
        Assert.Equal(2, channels.GetArrayLength());
    }

    private static async Task WaitForHttpAsync(string url)
    {
        using var http = new HttpClient();
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                (await http.GetAsync(new Uri(url))).EnsureSuccessStatusCode();
                return;
            }
            catch (HttpRequestException) when (clock.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(100);
            }
        }
    }
}
