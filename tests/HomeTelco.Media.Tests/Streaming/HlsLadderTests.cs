using HomeTelco.Media.Streaming;

namespace HomeTelco.Media.Tests.Streaming;

public sealed class HlsLadderTests
{
    private static readonly SourceFacts Film1080 = new(TimeSpan.FromMinutes(90), "matroska,webm", "h264", 1920, 1080, 6_000_000, 24, "aac", 6);

    [Fact]
    public void Choose_NeverGoesAboveTheSource()
    {
        var source = Film1080 with { Width = 1280, Height = 720 };
        var names = HlsLadder.Choose(source, 2, 0, false).Select(v => v.Name);
        Assert.Equal(["720p", "480p", "audio"], names);
    }

    [Fact]
    public void Choose_RemoteCeiling_CapsTheLadder()
    {
        var names = HlsLadder.Choose(Film1080, 2, 480, false).Select(v => v.Name);
        Assert.Equal(["480p", "audio"], names);
    }

    [Fact]
    public void Choose_SmallSource_GetsOneRungAtItsOwnSize()
    {
        var ladder = HlsLadder.Choose(Film1080 with { Width = 320, Height = 241 }, 2, 0, false);
        Assert.Equal("240p", ladder[0].Name);
        Assert.Equal(240, ladder[0].Height);
    }

    [Fact]
    public void Choose_AudioOnlySource_OffersAac_AndOpusWhenAccepted()
    {
        var music = new SourceFacts(TimeSpan.FromMinutes(4), "flac", null, 0, 0, 0, 0, "flac", 2);
        Assert.Equal(["audio"], HlsLadder.Choose(music, 1, 0, false).Select(v => v.Name));
        var withOpus = HlsLadder.Choose(music, 1, 0, true);
        Assert.Equal(["audio", "opus"], withOpus.Select(v => v.Name));
        Assert.True(withOpus[1].IsFragmentedMp4);
    }

    [Fact]
    public void Choose_CopyOnlyProfile_CopiesHlsCompatibleSources()
    {
        var ladder = HlsLadder.Choose(Film1080, 0, 0, false);
        Assert.Equal(HlsVariantMode.Copy, Assert.Single(ladder).Mode);
    }

    [Theory]
    [InlineData("hevc", "aac")]
    [InlineData("h264", "flac")]
    [InlineData("vp9", "opus")]
    public void Choose_CopyOnlyProfile_RefusesWhatHlsCannotCarry(string video, string audio)
    {
        var refused = Assert.Throws<StreamingException>(() => HlsLadder.Choose(Film1080 with { VideoCodec = video, AudioCodec = audio }, 0, 0, false));
        Assert.Equal(StreamingFailure.Unsupported, refused.Failure);
        Assert.Contains("allows no transcoding", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MediaPlaylist_CoversTheDuration_WithTheRemainderLast()
    {
        var variant = HlsLadder.Choose(Film1080, 2, 0, false)[0];
        var text = HlsPlaylistWriter.Media(TimeSpan.FromSeconds(10.5), TimeSpan.FromSeconds(4), variant, "?a=1");
        Assert.Equal(
            "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:4\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-INDEPENDENT-SEGMENTS\n"
            + "#EXTINF:4.000,\n0.ts?a=1\n#EXTINF:4.000,\n1.ts?a=1\n#EXTINF:2.500,\n2.ts?a=1\n#EXT-X-ENDLIST\n",
            text);
    }
}
