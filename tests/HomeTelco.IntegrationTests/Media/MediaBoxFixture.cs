using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.Tests.Media;

namespace HomeTelco.IntegrationTests.Media;

/// <summary>
/// One box (in memory, real store, real ffprobe) with a library of ffmpeg-generated media, scanned
/// once for the whole test class; tests that change files use their own copies.
/// </summary>
public sealed class MediaBoxFixture : IAsyncLifetime
{
    public TestMediaFiles Media { get; } = new();

    public BoxFactory Box { get; } = new();

    public HttpClient Admin { get; private set; } = default!;

    public int LibraryId { get; private set; }

    /// <summary>Item ids by their path below the library root.</summary>
    public IReadOnlyDictionary<string, int> Ids { get; private set; } = new Dictionary<string, int>();

    public async Task InitializeAsync()
    {
        Admin = await Box.AdminClientAsync();
        LibraryId = await AddLibraryAndWaitAsync("Everything", Media.Root, expectedItems: 6);
        var store = Box.Services.GetService(typeof(HomeTelco.Media.Catalog.MediaCatalog)) as HomeTelco.Media.Catalog.MediaCatalog;
        Ids = store!.ItemsOf(LibraryId).ToDictionary(i => i.RelativePath, i => i.Id);
    }

    /// <summary>Adds a library through the API and polls until its scan has stored <paramref name="expectedItems"/> items.</summary>
    public async Task<int> AddLibraryAndWaitAsync(string name, string path, int expectedItems, string kind = "downloads")
    {
        var created = await Admin.PostAsJsonAsync("/api/libraries", new { name, kind, path });
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        await WaitForLibraryAsync(id, l => l.GetProperty("items").GetInt32() == expectedItems && l.GetProperty("scan").GetProperty("state").GetString() == "idle");
        return id;
    }

    /// <summary>Polls GET /api/libraries/{id} until <paramref name="done"/> holds, for at most two minutes.</summary>
    public async Task<JsonElement> WaitForLibraryAsync(int id, Func<JsonElement, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        JsonElement last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await Admin.GetFromJsonAsync<JsonElement>($"/api/libraries/{id}");
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Library {id} did not reach the expected state; last seen: {last}");
    }

    public async Task DisposeAsync()
    {
        Admin.Dispose();
        await Box.DisposeAsync();
        Media.Dispose();
    }
}
