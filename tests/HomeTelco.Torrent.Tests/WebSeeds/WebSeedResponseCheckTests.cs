using System.Net;
using System.Net.Http.Headers;
using HomeTelco.Torrent.WebSeeds;

namespace HomeTelco.Torrent.Tests.WebSeeds;

public sealed class WebSeedResponseCheckTests
{
    [Fact]
    public void The_exact_range_asked_for_is_accepted()
    {
        Assert.Null(WebSeedResponseCheck.Problem(HttpStatusCode.PartialContent, new ContentRangeHeaderValue(100, 199, 1000), 100, 100, 100, 1000));
        Assert.Null(WebSeedResponseCheck.Problem(HttpStatusCode.PartialContent, new ContentRangeHeaderValue(100, 199), null, 100, 100, 1000));
    }

    [Fact]
    public void A_server_that_ignores_range_and_sends_the_whole_file_is_refused()
    {
        var problem = WebSeedResponseCheck.Problem(HttpStatusCode.OK, null, 1000, 100, 100, 1000);

        Assert.Contains("ignored the Range", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_whole_file_answer_is_fine_when_the_whole_file_was_asked_for()
    {
        Assert.Null(WebSeedResponseCheck.Problem(HttpStatusCode.OK, null, 1000, 0, 1000, 1000));
        Assert.NotNull(WebSeedResponseCheck.Problem(HttpStatusCode.OK, null, null, 0, 1000, 1000));
    }

    [Fact]
    public void Another_range_is_refused()
    {
        var problem = WebSeedResponseCheck.Problem(HttpStatusCode.PartialContent, new ContentRangeHeaderValue(0, 99, 1000), 100, 100, 100, 1000);

        Assert.Equal("asked for bytes 100-199, the server sent 0-99", problem);
    }

    [Fact]
    public void A_file_of_another_length_is_refused()
    {
        Assert.NotNull(WebSeedResponseCheck.Problem(HttpStatusCode.PartialContent, new ContentRangeHeaderValue(100, 199, 999), 100, 100, 100, 1000));
    }

    [Fact]
    public void A_body_longer_or_shorter_than_the_range_is_refused()
    {
        Assert.NotNull(WebSeedResponseCheck.Problem(HttpStatusCode.PartialContent, new ContentRangeHeaderValue(100, 199, 1000), 5000, 100, 100, 1000));
        Assert.NotNull(WebSeedResponseCheck.Problem(HttpStatusCode.PartialContent, new ContentRangeHeaderValue(100, 199, 1000), 50, 100, 100, 1000));
    }

    [Fact]
    public void A_partial_answer_without_a_byte_content_range_is_refused()
    {
        Assert.NotNull(WebSeedResponseCheck.Problem(HttpStatusCode.PartialContent, null, 100, 100, 100, 1000));
        Assert.NotNull(WebSeedResponseCheck.Problem(HttpStatusCode.PartialContent, new ContentRangeHeaderValue(1000), 100, 100, 100, 1000));
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound, "HTTP 404")]
    [InlineData(HttpStatusCode.ServiceUnavailable, "HTTP 503")]
    [InlineData(HttpStatusCode.RequestedRangeNotSatisfiable, "HTTP 416")]
    public void Error_statuses_are_refused(HttpStatusCode status, string expected)
    {
        Assert.Equal(expected, WebSeedResponseCheck.Problem(status, null, null, 0, 100, 1000));
    }
}
