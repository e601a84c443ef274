using HomeTelco.Media.Metadata;

namespace HomeTelco.Media.Tests.Metadata;

public sealed class FileNameFactsTests
{
    [Theory]
    [InlineData("Show/Season 1/Show S01E02.mkv", "Show", 1, 2)]
    [InlineData("TV/The.Wire.S03E11.Middle.Ground.mkv", "The Wire", 3, 11)]
    [InlineData("TV/Lost 1x02 Pilot part 2.avi", "Lost", 1, 2)]
    [InlineData("Doctor Who/Season 4/02 - The Fires of Pompeii.mp4", "Doctor Who", 4, 2)]
    [InlineData("Doctor Who/Series 04/s04e03.mp4", "Doctor Who", 4, 3)]
    public void From_EpisodeNames_GiveSeriesSeasonEpisode(string path, string series, int season, int episode)
    {
        var facts = FileNameFacts.From(path);

        Assert.True(facts.IsEpisode);
        Assert.Equal((series, season, episode), (facts.Series, facts.Season, facts.Episode));
    }

    [Fact]
    public void From_EpisodeWithTitle_KeepsTheTitle()
    {
        Assert.Equal("The Fires of Pompeii", FileNameFacts.From("Doctor Who/Season 4/02 - The Fires of Pompeii.mp4").Title);
        Assert.Equal("Middle Ground", FileNameFacts.From("The.Wire.S03E11.Middle.Ground.mkv").Title);
    }

    [Theory]
    [InlineData("Movies/Big Test Movie (2020).mp4", "Big Test Movie", 2020)]
    [InlineData("Blade.Runner.[1982].mkv", "Blade Runner", 1982)]
    public void From_MovieNames_GiveTitleAndYear(string path, string title, int year)
    {
        var facts = FileNameFacts.From(path);

        Assert.False(facts.IsEpisode);
        Assert.Equal((title, year), (facts.Title, facts.Year));
    }

    [Fact]
    public void From_TrackName_GivesNumberAndTitle()
    {
        var facts = FileNameFacts.From("Artist/Album/07 - Song Name.flac");

        Assert.Equal(("Song Name", 7), (facts.Title, facts.Track));
        Assert.False(facts.IsEpisode);
    }

    [Theory]
    [InlineData("1917 (2019).mkv", "1917", 2019)]
    [InlineData("x.mp3", "x", null)]
    [InlineData("....mp3", "...", null)]
    public void From_OddNames_NeverThrowAndKeepATitle(string path, string title, int? year)
    {
        var facts = FileNameFacts.From(path);

        Assert.Equal(title, facts.Title);
        Assert.Equal(year, facts.Year);
    }
}
