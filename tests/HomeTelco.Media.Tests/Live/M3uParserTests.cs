using HomeTelco.Media.Live;

namespace HomeTelco.Media.Tests.Live;

public sealed class M3uParserTests
{
    [Fact]
    public void Parse_ReadsAttributesTitleAndUrl()
    {
        const string text = "#EXTM3U x-tvg-url=\"http://guide\"\r\n"
            + "#EXTINF:-1 tvg-id=\"one.uk\" tvg-name=\"One\" group-title=\"News, UK\",BBC One, HD\r\n"
            + "http://192.0.2.1:8080/one.ts\r\n"
            + "#EXTINF:-1,Radio\n#EXTVLCOPT:network-caching=1000\nudp://@239.0.0.1:1234\n";

        var channels = M3uParser.Parse(text, "src");

        Assert.Equal(2, channels.Count);
        Assert.Equal(new LiveChannel("src-1", "src", "BBC One, HD", "one.uk", "News, UK", "http://192.0.2.1:8080/one.ts", false), channels[0]);
        Assert.Equal("Radio", channels[1].Name);
        Assert.Equal("udp://@239.0.0.1:1234", channels[1].Input);
    }

    [Theory]
    [InlineData("no header\nhttp://x/y")]
    [InlineData("#EXTM3U\n#EXTINF:-1,Local\nfile:///etc/passwd")]
    [InlineData("#EXTM3U\n#EXTINF:-1,Pipe\n/dev/video0")]
    [InlineData("#EXTM3U\n#EXTINF:-1,Junk\nnot a url")]
    public void Parse_RefusesWhatIsNotARemoteStream(string text) =>
        Assert.Throws<FormatException>(() => M3uParser.Parse(text, "s"));
}
