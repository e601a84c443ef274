using System.Globalization;
using HomeTelco.Media.Live;

namespace HomeTelco.Media.Tests.Live;

public sealed class XmltvGuideTests
{
    private const string Guide = """
        <?xml version="1.0" encoding="UTF-8"?>
        <tv>
          <channel id="one.uk"><display-name>One</display-name></channel>
          <programme start="20260101110000 +0000" stop="20260101120000 +0000" channel="one.uk"><title lang="en">Morning</title></programme>
          <programme start="20260101130000 +0100" stop="20260101133000 +0100" channel="one.uk"><title>News</title></programme>
          <programme start="20260101123000 +0000" stop="20260101140000 +0000" channel="one.uk"><title>Film</title></programme>
        </tv>
        """;

    [Fact]
    public void NowNext_UsesTheOffsets()
    {
        var guide = XmltvGuide.Parse(Guide);
        var (now, next) = guide.NowNext("one.uk", DateTimeOffset.Parse("2026-01-01T12:10:00Z", CultureInfo.InvariantCulture));
        Assert.Equal("News", now?.Title); // 13:00+01:00 is 12:00Z
        Assert.Equal("Film", next?.Title);
        Assert.Equal((null, null), guide.NowNext("other", DateTimeOffset.UnixEpoch));
    }

    [Theory]
    [InlineData("<tv><programme start=\"2026\" stop=\"20260101\" channel=\"a\"/></tv>")]
    [InlineData("<tv><programme")]
    [InlineData("<!DOCTYPE tv [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><tv><programme start=\"20260101000000\" stop=\"20260101010000\" channel=\"a\"><title>&x;</title></programme></tv>")]
    public void Parse_RefusesBadGuides(string xml) => Assert.Throws<FormatException>(() => XmltvGuide.Parse(xml));
}
