using HomeTelco.Media.Scanning;

namespace HomeTelco.Media.Tests.Scanning;

public sealed class FfprobeParserTests
{
    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"streams\": 5, \"format\": []}")]
    [InlineData("{\"streams\": [{\"codec_type\": 7, \"width\": \"huge\", \"avg_frame_rate\": \"1/0\"}]}")]
    public void Parse_OddAnswers_NeverThrow(string json)
    {
        var result = FfprobeParser.Parse(System.Text.Encoding.UTF8.GetBytes(json));

        Assert.NotNull(result);
    }

    [Fact]
    public void Parse_TypicalAnswer_ReadsFactsAndTags()
    {
        var json = """
            {"streams":[{"index":0,"codec_type":"video","codec_name":"h264","width":1920,"height":1080,"avg_frame_rate":"30000/1001","pix_fmt":"yuv420p","bit_rate":"4000000","tags":{"language":"eng"}},
                        {"index":1,"codec_type":"audio","codec_name":"aac","channels":6},
                        {"index":2,"codec_type":"video","codec_name":"mjpeg","disposition":{"attached_pic":1}}],
             "format":{"format_name":"mov,mp4,m4a,3gp,3g2,mj2","duration":"61.500000","bit_rate":"4200000","tags":{"title":"T","ARTIST":"A"}}}
            """u8;

        var result = FfprobeParser.Parse(json);

        Assert.Null(result.Problem);
        Assert.Equal((1920, 1080, 29.97, "h264"), (result.Video!.Width, result.Video.Height, result.Video.FrameRate, result.Video.Codec));
        Assert.Equal(6, result.Audio!.Channels);
        Assert.Equal(2, result.Cover!.Index);
        Assert.Equal(61.5, result.DurationSeconds);
        Assert.Equal("A", result.Tags["artist"]);
    }
}
