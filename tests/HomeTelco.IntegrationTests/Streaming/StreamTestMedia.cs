using System.Net.Http.Json;
using System.Text.Json;

namespace HomeTelco.IntegrationTests.Streaming;

/// <summary>ffmpeg-made media and a library holding it, for the streaming API tests.</summary>
internal static class StreamTestMedia
{
    public static async Task<(int Code, string Output)> RunAsync(string tool, params string[] args)
    {
        var result = await Infrastructure.CommandRun.RunAsync(tool, args, TimeSpan.FromMinutes(2));
        return (result.ExitCode, result.StdOut + result.StdErr);
    }

    /// <summary>An H.264/AAC MP4 (testsrc + sine) of the given size and length.</summary>
    public static async Task MakeVideoAsync(string path, int seconds, int height)
    {
        var width = height * 16 / 9;
        var (code, output) = await RunAsync("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
            "-t", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-movflags", "+faststart", path);
        Assert.True(code == 0, output);
    }

    /// <summary>Adds a video library over <paramref name="folder"/> and waits (bounded) until the scan lists one movie; returns its id.</summary>
    public static async Task<int> LibraryWithOneMovieAsync(HttpClient admin, string folder)
    {
        var created = await admin.PostAsJsonAsync("/api/libraries", new { name = "Films", kind = "video", path = folder });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var movies = await admin.GetFromJsonAsync<JsonElement>("/api/media/collections/movies");
            if (movies.GetArrayLength() > 0)
            {
                return movies[0].GetProperty("id").GetInt32();
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The library scan did not list the movie within 60 s.");
    }

    /// <summary>Decodes a segment's bytes with ffprobe and returns the video frames read.</summary>
    public static async Task<int> DecodedFramesAsync(byte[] segment, string folder)
    {
        var path = Path.Combine(folder, Guid.NewGuid().ToString("N") + ".ts");
        await File.WriteAllBytesAsync(path, segment);
        var (code, output) = await RunAsync("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", path);
        Assert.True(code == 0, output);
        return int.Parse(output.Trim().Split('\n')[0].Trim().TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first URI line of a playlist.</summary>
    public static string FirstUri(string playlist) => playlist.Split('\n').First(l => l.Length > 0 && l[0] != '#');
}
