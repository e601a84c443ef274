using System.Net;
using System.Net.Http.Headers;
using HomeTelco.Tests.Media;

namespace HomeTelco.IntegrationTests.Media;

/// <summary>GET /api/media/{id}/file: ranges byte for byte against the file, validators, content types, traversal refused.</summary>
[Collection(MediaBoxGroup.Name)]
public sealed class DirectPlayTests(MediaBoxFixture fixture)
{
    private HttpClient Admin => fixture.Admin;

    [Theory]
    [InlineData(TestMediaFiles.Movie, "video/mp4")]
    [InlineData(TestMediaFiles.Episode, "video/x-matroska")]
    [InlineData(TestMediaFiles.Song, "audio/mpeg")]
    [InlineData(TestMediaFiles.FlacSong, "audio/flac")]
    public async Task File_WholeFile_BytesAndContentTypeAndValidators(string relative, string contentType)
    {
        using var response = await Admin.GetAsync(Url(relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("bytes", response.Headers.AcceptRanges.Single());
        Assert.NotNull(response.Headers.ETag);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.Equal(await File.ReadAllBytesAsync(fixture.Media.PathOf(relative)), await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("bytes=0-99", 0, 100)]
    [InlineData("bytes=1000-4999", 1000, 4000)]
    [InlineData("bytes=-500", -500, 500)]
    [InlineData("bytes=20000-", 20000, -1)]
    public async Task File_Range_PartialContentEqualsTheFileSlice(string range, long start, int length)
    {
        var file = await File.ReadAllBytesAsync(fixture.Media.PathOf(TestMediaFiles.Movie));
        var from = start < 0 ? file.Length + start : start;
        var count = length < 0 ? file.Length - (int)from : length;
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(TestMediaFiles.Movie));
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(new ContentRangeHeaderValue(from, from + count - 1, file.Length), response.Content.Headers.ContentRange);
        Assert.Equal(file.AsSpan((int)from, count).ToArray(), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task File_RangeBeyondTheEnd_416WithTheLength()
    {
        var length = new FileInfo(fixture.Media.PathOf(TestMediaFiles.Movie)).Length;
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(TestMediaFiles.Movie));
        request.Headers.TryAddWithoutValidation("Range", $"bytes={length + 10}-");

        using var response = await Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode);
        Assert.Equal(length, response.Content.Headers.ContentRange?.Length);
    }

    [Theory]
    [InlineData("bytes=0-9,20-29")]
    [InlineData("bytes=abc")]
    [InlineData("items=0-9")]
    public async Task File_MultipleOrMalformedRanges_WholeFile(string range)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(TestMediaFiles.Song));
        request.Headers.TryAddWithoutValidation("Range", range);

        using var response = await Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await File.ReadAllBytesAsync(fixture.Media.PathOf(TestMediaFiles.Song)), await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task File_IfRange_MatchingEtagGivesPartMismatchGivesWholeFile()
    {
        using var first = await Admin.GetAsync(Url(TestMediaFiles.Song));
        var etag = first.Headers.ETag!.Tag;
        var length = new FileInfo(fixture.Media.PathOf(TestMediaFiles.Song)).Length;

        using var matching = new HttpRequestMessage(HttpMethod.Get, Url(TestMediaFiles.Song));
        matching.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
        matching.Headers.TryAddWithoutValidation("If-Range", etag);
        using var part = await Admin.SendAsync(matching);

        using var stale = new HttpRequestMessage(HttpMethod.Get, Url(TestMediaFiles.Song));
        stale.Headers.TryAddWithoutValidation("Range", "bytes=0-9");
        stale.Headers.TryAddWithoutValidation("If-Range", "\"not-the-etag\"");
        using var whole = await Admin.SendAsync(stale);

        Assert.Equal(HttpStatusCode.PartialContent, part.StatusCode);
        Assert.Equal(10, (await part.Content.ReadAsByteArrayAsync()).Length);
        Assert.Equal(HttpStatusCode.OK, whole.StatusCode);
        Assert.Equal(length, (await whole.Content.ReadAsByteArrayAsync()).Length);
    }

    [Fact]
    public async Task File_IfNoneMatch_NotModified()
    {
        using var first = await Admin.GetAsync(Url(TestMediaFiles.Song));
        using var again = new HttpRequestMessage(HttpMethod.Get, Url(TestMediaFiles.Song));
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);

        using var response = await Admin.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
    }

    [Theory]
    [InlineData("/api/media/..%2F..%2F..%2Fetc%2Fpasswd/file")]
    [InlineData("/api/media/%2e%2e/file")]
    [InlineData("/api/media/%2e%2e%2f%2e%2e%2fetc%2fpasswd")]
    [InlineData("/api/media/1/file/..%2F..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/media/999999/file")]
    [InlineData("/api/media/-1/file")]
    public async Task File_TraversalOrUnknownIds_RefusedAndNothingLeaks(string url)
    {
        using var response = await Admin.GetAsync(new Uri(url, UriKind.Relative));

        // Ids are numbers: a path in their place is refused as a bad id (400) or matches no route (404).
        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.NotFound, HttpStatusCode.BadRequest });
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task File_ScannedFileSwappedForLinkOutOfTheLibrary_Refused()
    {
        using var copy = new TempFolder();
        File.Copy(fixture.Media.PathOf(TestMediaFiles.Song), Path.Combine(copy.Path, "song.mp3"));
        var library = await fixture.AddLibraryAndWaitAsync("Link trap", copy.Path, expectedItems: 1);
        var catalog = (HomeTelco.Media.Catalog.MediaCatalog)fixture.Box.Services.GetService(typeof(HomeTelco.Media.Catalog.MediaCatalog))!;
        var id = catalog.ItemsOf(library).Single().Id;
        using (var before = await Admin.GetAsync($"/api/media/{id}/file"))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        File.Delete(Path.Combine(copy.Path, "song.mp3"));
        File.CreateSymbolicLink(Path.Combine(copy.Path, "song.mp3"), "/etc/passwd");
        using var response = await Admin.GetAsync($"/api/media/{id}/file");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.DoesNotContain("root:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await Admin.DeleteAsync($"/api/libraries/{library}");
    }

    [Fact]
    public async Task Artwork_JpegWithCachingHeaders_AndNoneForAFileWithout()
    {
        using var response = await Admin.GetAsync($"/api/media/{fixture.Ids[TestMediaFiles.Song]}/artwork");
        using var none = await Admin.GetAsync($"/api/media/{fixture.Ids[TestMediaFiles.Garbage]}/artwork");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/jpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.Private);
        Assert.Equal(TimeSpan.FromDays(1), response.Headers.CacheControl?.MaxAge);
        Assert.NotNull(response.Headers.ETag);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    private string Url(string relative) => $"/api/media/{fixture.Ids[relative]}/file";
}
