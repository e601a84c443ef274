using HomeTelco.Torrent.WebSeeds;

namespace HomeTelco.Torrent.Tests.WebSeeds;

public sealed class WebSeedUrlTests
{
    [Fact]
    public void A_single_file_torrent_uses_the_url_as_the_file()
    {
        var url = WebSeedUrl.ForFile("http://example.test/files/movie.mkv", "movie.mkv", singleFile: true);

        Assert.Equal("http://example.test/files/movie.mkv", url!.AbsoluteUri);
    }

    [Fact]
    public void A_single_file_url_ending_in_a_slash_gets_the_name_appended()
    {
        var url = WebSeedUrl.ForFile("http://example.test/files/", "My Movie #1.mkv", singleFile: true);

        Assert.Equal("http://example.test/files/My%20Movie%20%231.mkv", url!.AbsoluteUri);
    }

    [Fact]
    public void A_multi_file_torrent_appends_the_name_and_the_path_segment_by_segment()
    {
        var withoutSlash = WebSeedUrl.ForFile("http://example.test/mirror", "Album/CD 1/01 ?.flac", singleFile: false);
        var withSlash = WebSeedUrl.ForFile("http://example.test/mirror/", "Album/CD 1/01 ?.flac", singleFile: false);

        Assert.Equal("http://example.test/mirror/Album/CD%201/01%20%3F.flac", withoutSlash!.AbsoluteUri);
        Assert.Equal(withoutSlash, withSlash);
    }

    [Fact]
    public void Non_ascii_names_are_percent_encoded_as_utf8()
    {
        var url = WebSeedUrl.ForFile("https://example.test/", "Été/naïve.txt", singleFile: false);

        Assert.Equal("https://example.test/%C3%89t%C3%A9/na%C3%AFve.txt", url!.AbsoluteUri);
    }

    [Theory]
    [InlineData("ftp://example.test/file")]
    [InlineData("/relative/path")]
    [InlineData("http://user:secret@example.test/file")]
    [InlineData("http://example.test/file#part")]
    [InlineData("not a url")]
    public void Unusable_urls_are_refused(string seed)
    {
        Assert.False(WebSeedUrl.IsUsable(seed));
        Assert.Null(WebSeedUrl.ForFile(seed, "a", singleFile: true));
    }
}
