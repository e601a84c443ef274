using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Streaming;

/// <summary>On-the-fly HLS, signed links and positions through the real host, with ffmpeg-made media and ffprobe.</summary>
public sealed class StreamingApiTests : IAsyncLifetime
{
    private readonly TempFolder _media = new();
    private readonly BoxFactory _box = new() { ExtraSettings = new Dictionary<string, string> { ["Profile"] = "nas-x64-4g" } };
    private HttpClient _admin = null!;
    private int _id;

    public async Task InitializeAsync()
    {
        await StreamTestMedia.MakeVideoAsync(_media.File("Test Film (2024).mp4"), 10, 720);
        _admin = await _box.AdminClientAsync();
        _id = await StreamTestMedia.LibraryWithOneMovieAsync(_admin, _media.Path);
    }

    public async Task DisposeAsync()
    {
        await _box.DisposeAsync();
        _media.Dispose();
    }

    [Fact]
    public async Task Hls_MasterMediaAndSegment_ThroughTheApi()
    {
        var master = await _admin.GetAsync($"/api/media/{_id}/hls/master.m3u8");
        Assert.Equal(HttpStatusCode.OK, master.StatusCode);
        Assert.Equal("application/vnd.apple.mpegurl", master.Content.Headers.ContentType?.MediaType);
        var text = await master.Content.ReadAsStringAsync();
        Assert.Contains("720p/index.m3u8", text, StringComparison.Ordinal);
        Assert.DoesNotContain("1080p", text, StringComparison.Ordinal); // never above the source

        var media = await _admin.GetStringAsync($"/api/media/{_id}/hls/480p/index.m3u8");
        Assert.Equal("0.ts", StreamTestMedia.FirstUri(media));
        var segment = await _admin.GetByteArrayAsync($"/api/media/{_id}/hls/480p/0.ts");
        Assert.True(await StreamTestMedia.DecodedFramesAsync(segment, _media.Path) >= 90);

        var missing = await _admin.GetAsync($"/api/media/{_id}/hls/480p/99.ts");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var traversal = await _admin.GetAsync($"/api/media/{_id}/hls/480p/..%2F..%2Fhometelco.db");
        Assert.Equal(HttpStatusCode.NotFound, traversal.StatusCode);
    }

    [Fact]
    public async Task SignedLink_PlaysWithoutACookie_TamperedOrExpiredRefused()
    {
        var made = await _admin.PostAsJsonAsync("/api/stream-links", new { itemId = _id, minutes = 60 });
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);
        var url = new Uri((await made.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!);
        var anonymous = _box.CreateClient();

        var master = await anonymous.GetStringAsync(url.PathAndQuery);
        var variant = master.Split('\n').First(l => l.StartsWith("480p/", StringComparison.Ordinal));
        Assert.Contains("sig=", variant, StringComparison.Ordinal);
        var media = await anonymous.GetStringAsync($"/api/media/{_id}/hls/{variant}");
        var segment = await anonymous.GetByteArrayAsync($"/api/media/{_id}/hls/480p/{StreamTestMedia.FirstUri(media)}");
        Assert.True(await StreamTestMedia.DecodedFramesAsync(segment, _media.Path) >= 90);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync($"/api/media/{_id}/hls/master.m3u8")).StatusCode);
        var tampered = url.PathAndQuery.Replace("sig=", "sig=A", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(tampered)).StatusCode);
        var otherItem = url.PathAndQuery.Replace($"/media/{_id}/", $"/media/{_id + 1}/", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(otherItem)).StatusCode);

        _box.Time.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(url.PathAndQuery)).StatusCode);
    }

    [Fact]
    public async Task Position_IsSaved_AndReadBack()
    {
        Assert.Equal(0, (await _admin.GetFromJsonAsync<JsonElement>($"/api/media/{_id}/position")).GetProperty("positionSeconds").GetDouble());
        var saved = await _admin.PutAsJsonAsync($"/api/media/{_id}/position", new { positionSeconds = 6.5 });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);

        // Another device of the same account (a new client with its own token) sees it.
        var other = await _box.AdminClientAsync();
        Assert.Equal(6.5, (await other.GetFromJsonAsync<JsonElement>($"/api/media/{_id}/position")).GetProperty("positionSeconds").GetDouble());
        var nonsense = await _admin.PutAsJsonAsync($"/api/media/{_id}/position", new { positionSeconds = 500 });
        Assert.Equal(HttpStatusCode.BadRequest, nonsense.StatusCode);
    }
}
