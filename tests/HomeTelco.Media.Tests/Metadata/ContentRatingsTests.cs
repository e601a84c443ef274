using HomeTelco.Media.Metadata;

namespace HomeTelco.Media.Tests.Metadata;

public sealed class ContentRatingsTests
{
    [Theory]
    [InlineData("PG", "G", true)]
    [InlineData("PG", "PG", true)]
    [InlineData("PG", "PG-13", false)]
    [InlineData("PG", "TV-MA", false)]
    [InlineData("PG-13", "TV-14", true)]
    [InlineData("PG", "mpaa|R|400|", false)]
    [InlineData("PG", "something odd", false)]
    [InlineData("PG", null, true)]
    [InlineData(null, "NC-17", true)]
    public void Allows_ComparesOnOneScale(string? cap, string? rating, bool allowed)
    {
        Assert.Equal(allowed, ContentRatings.Allows(cap, rating));
    }

    [Fact]
    public void FromTags_ReadsRatingAndITunesForms()
    {
        Assert.Equal("R", ContentRatings.FromTags(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["iTunEXTC"] = "mpaa|R|400|" }));
        Assert.Equal("PG-13", ContentRatings.FromTags(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["RATING"] = "PG-13" }));
        Assert.Null(ContentRatings.FromTags(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["title"] = "x" }));
    }
}
