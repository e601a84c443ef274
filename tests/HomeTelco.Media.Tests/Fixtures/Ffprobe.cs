using System.Globalization;
using HomeTelco.Media.Scanning;

namespace HomeTelco.Tests.Media;

/// <summary>Asks the real ffprobe about a test's output (an artwork JPEG).</summary>
internal static class Ffprobe
{
    public static async Task<(string Codec, int Width, int Height)> ImageAsync(string path)
    {
        var outcome = await ToolRun.RunAsync("ffprobe", ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=codec_name,width,height", "-of", "csv=p=0", path],
            TimeSpan.FromSeconds(30), 4096, CancellationToken.None);
        Assert.Equal(0, outcome.ExitCode);
        var parts = System.Text.Encoding.UTF8.GetString(outcome.Output).Trim().Split(',');
        return (parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), int.Parse(parts[2], CultureInfo.InvariantCulture));
    }
}
