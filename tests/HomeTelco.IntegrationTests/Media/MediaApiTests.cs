using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.Core.Security;
using HomeTelco.Core.Users;
using HomeTelco.Tests.Media;
using Microsoft.Extensions.DependencyInjection;

namespace HomeTelco.IntegrationTests.Media;

/// <summary>Libraries, collections, search and rights through the API of a box that scanned ffmpeg-made media.</summary>
[Collection(MediaBoxGroup.Name)]
public sealed class MediaApiTests(MediaBoxFixture fixture)
{
    private HttpClient Admin => fixture.Admin;

    [Fact]
    public async Task Libraries_ListShowsScanStateAndCounts()
    {
        var library = await Admin.GetFromJsonAsync<JsonElement>($"/api/libraries/{fixture.LibraryId}");

        Assert.Equal("Everything", library.GetProperty("name").GetString());
        Assert.Equal("downloads", library.GetProperty("kind").GetString());
        Assert.Equal(6, library.GetProperty("items").GetInt32());
        Assert.Equal("idle", library.GetProperty("scan").GetProperty("state").GetString());
        Assert.Equal(6, library.GetProperty("scan").GetProperty("lastScanFiles").GetInt32());
    }

    [Theory]
    [InlineData("relative/path", "not absolute")]
    [InlineData("/nonexistent/hometelco/media", "does not exist")]
    [InlineData("/etc/hostname", "is a file")]
    public async Task Create_BadPath_400WithReason(string path, string reason)
    {
        using var response = await Admin.PostAsJsonAsync("/api/libraries", new { name = "Bad", kind = "music", path });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InsideTheDataFolderOrBadKindOrTwice_Refused()
    {
        Directory.CreateDirectory(Path.Combine(fixture.Box.DataDir, "media"));
        using var inside = await Admin.PostAsJsonAsync("/api/libraries", new { name = "Data", kind = "music", path = Path.Combine(fixture.Box.DataDir, "media") });
        using var holder = await Admin.PostAsJsonAsync("/api/libraries", new { name = "Root", kind = "music", path = "/" });
        using var kind = await Admin.PostAsJsonAsync("/api/libraries", new { name = "Kind", kind = "films", path = fixture.Media.Root });
        using var twice = await Admin.PostAsJsonAsync("/api/libraries", new { name = "Again", kind = "music", path = fixture.Media.Root });

        Assert.Equal(HttpStatusCode.BadRequest, inside.StatusCode);
        Assert.Contains("inside the box's data folder", await inside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, holder.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, kind.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
    }

    [Fact]
    public async Task Collections_GroupMusicAndShowsListMovies()
    {
        var music = await Admin.GetFromJsonAsync<JsonElement>("/api/media/collections/music");
        var shows = await Admin.GetFromJsonAsync<JsonElement>("/api/media/collections/shows");
        var movies = await Admin.GetFromJsonAsync<JsonElement>("/api/media/collections/movies");

        var artist = music.EnumerateArray().Single(a => a.GetProperty("artist").GetString() == "Test Artist");
        var album = artist.GetProperty("albums").EnumerateArray().Single();
        Assert.Equal("Test Album", album.GetProperty("album").GetString());
        Assert.Equal("Café Song", album.GetProperty("tracks")[0].GetProperty("title").GetString());
        var show = shows.EnumerateArray().Single();
        Assert.Equal("Show", show.GetProperty("series").GetString());
        Assert.Equal(1, show.GetProperty("seasons")[0].GetProperty("season").GetInt32());
        Assert.Equal(2, show.GetProperty("seasons")[0].GetProperty("episodes")[0].GetProperty("episode").GetInt32());
        var movie = movies.EnumerateArray().Single();
        Assert.Equal(("Big Test Movie", 2020, "h264"), (movie.GetProperty("title").GetString(), movie.GetProperty("year").GetInt32(), movie.GetProperty("videoCodec").GetString()));
    }

    [Theory]
    [InlineData("CAFE", "Café Song")]
    [InlineData("café", "Café Song")]
    [InlineData("flac artist", "Flac Tune")]
    [InlineData("show", "Show")]
    public async Task Search_CaseAndAccentInsensitive(string query, string title)
    {
        var results = await Admin.GetFromJsonAsync<JsonElement>($"/api/media/search?q={Uri.EscapeDataString(query)}");

        Assert.Contains(results.EnumerateArray(), r => r.GetProperty("title").GetString() == title || r.GetProperty("series").GetString() == title);
    }

    [Fact]
    public async Task Item_Unplayable_SaysWhy()
    {
        var item = await Admin.GetFromJsonAsync<JsonElement>($"/api/media/{fixture.Ids[TestMediaFiles.Truncated]}");

        Assert.False(item.GetProperty("playable").GetBoolean());
        Assert.Equal("unplayable", item.GetProperty("kind").GetString());
        Assert.False(string.IsNullOrWhiteSpace(item.GetProperty("problem").GetString()));
    }

    [Fact]
    public async Task Member_WithoutGrantSeesNothing_WithGrantSeesLibrary_RatingCapHides()
    {
        var (name, member) = MemberClient();
        var songId = fixture.Ids[TestMediaFiles.Song];

        Assert.Empty((await member.GetFromJsonAsync<JsonElement>("/api/libraries")).EnumerateArray());
        Assert.Empty((await member.GetFromJsonAsync<JsonElement>("/api/media/collections/music")).EnumerateArray());
        Assert.Empty((await member.GetFromJsonAsync<JsonElement>("/api/media/search?q=cafe")).EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/media/{songId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/media/{songId}/file")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/media/{songId}/artwork")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync("/api/libraries", new { name = "x", kind = "music", path = "/tmp" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PutAsJsonAsync($"/api/media/access/{name}", new { libraryIds = new[] { fixture.LibraryId } })).StatusCode);

        using (var grant = await Admin.PutAsJsonAsync($"/api/media/access/{name}", new { libraryIds = new[] { fixture.LibraryId }, maxContentRating = "PG" }))
        {
            Assert.Equal(HttpStatusCode.OK, grant.StatusCode);
        }

        Assert.Single((await member.GetFromJsonAsync<JsonElement>("/api/libraries")).EnumerateArray());
        Assert.Null((await member.GetFromJsonAsync<JsonElement>("/api/libraries"))[0].GetProperty("path").GetString());
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync($"/api/media/{songId}/file")).StatusCode);

        // An admin rates the song R: above the member's PG cap, it disappears for them, not for the admin.
        using (var rate = await Admin.PutAsJsonAsync($"/api/media/{songId}/rating", new { rating = "R" }))
        {
            Assert.Equal(HttpStatusCode.OK, rate.StatusCode);
        }

        try
        {
            Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/media/{songId}/file")).StatusCode);
            Assert.DoesNotContain((await member.GetFromJsonAsync<JsonElement>("/api/media/search?q=cafe")).EnumerateArray(), r => r.GetProperty("id").GetInt32() == songId);
            Assert.Equal(HttpStatusCode.OK, (await Admin.GetAsync($"/api/media/{songId}/file")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await Admin.PutAsJsonAsync($"/api/media/{songId}/rating", new { rating = "very scary" })).StatusCode);
        }
        finally
        {
            await Admin.PutAsJsonAsync($"/api/media/{songId}/rating", new { rating = "" });
        }
    }

    [Fact]
    public async Task VanishedFolder_LibraryOfflineItemsKept_DeleteForgetsItemsLeavesFiles()
    {
        using var parent = new TempFolder();
        var root = Path.Combine(parent.Path, "usb");
        fixture.Media.CopyTo(root);
        var id = await fixture.AddLibraryAndWaitAsync("USB disk", root, expectedItems: 6);

        Directory.Move(root, root + "-gone");
        (await Admin.PostAsync($"/api/libraries/{id}/rescan", null)).EnsureSuccessStatusCode();
        var offline = await fixture.WaitForLibraryAsync(id, l => l.GetProperty("scan").GetProperty("state").GetString() == "offline");

        Assert.Equal(6, offline.GetProperty("items").GetInt32());
        Assert.True(offline.GetProperty("offline").GetBoolean());

        Directory.Move(root + "-gone", root);
        (await Admin.PostAsync($"/api/libraries/{id}/rescan", null)).EnsureSuccessStatusCode();
        await fixture.WaitForLibraryAsync(id, l => !l.GetProperty("offline").GetBoolean() && l.GetProperty("scan").GetProperty("state").GetString() == "idle");

        using var deleted = await Admin.DeleteAsync($"/api/libraries/{id}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Admin.GetAsync($"/api/libraries/{id}")).StatusCode);
        Assert.True(File.Exists(Path.Combine(root, TestMediaFiles.Movie)));
        Assert.Equal(6, Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Count(f => !f.EndsWith(".jpg", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Metrics_CarryMediaFigures()
    {
        var text = await Admin.GetStringAsync("/metrics");

        Assert.Contains("hometelco_media_items ", text, StringComparison.Ordinal);
        Assert.Contains("hometelco_media_probes_total ", text, StringComparison.Ordinal);
        Assert.Contains("hometelco_media_probe_failures_total ", text, StringComparison.Ordinal);
    }

    private (string Name, HttpClient Client) MemberClient()
    {
        var name = "member" + Guid.NewGuid().ToString("N")[..8];
        fixture.Box.Services.GetRequiredService<UserService>().Add(name, "member-password-long", UserRole.Member);
        var token = fixture.Box.Services.GetRequiredService<ApiTokenService>().Create(name, "tests").Token;
        var client = fixture.Box.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return (name, client);
    }
}
