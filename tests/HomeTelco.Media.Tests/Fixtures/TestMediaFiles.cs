using System.Diagnostics;

namespace HomeTelco.Tests.Media;

/// <summary>
/// Generates a small media tree with the Debian ffmpeg, never committed: an H.264/AAC MP4 movie,
/// an HEVC MKV episode in "Show/Season 1", an MP3 with ID3 tags and an embedded cover, a FLAC with
/// tags and a cover.jpg beside it, a truncated MP4 and a garbage MKV. Shared by the Media tests and
/// the integration tests (linked into both projects).
/// </summary>
public sealed class TestMediaFiles : IDisposable
{
    public const string Movie = "Movies/Big Test Movie (2020).mp4";
    public const string Episode = "Shows/Show/Season 1/Show S01E02.mkv";
    public const string Song = "Music/Test Artist/Test Album/03 - ignored name.mp3";
    public const string FlacSong = "Music/Flac Artist/Flac Album/01 - flac.flac";
    public const string Truncated = "Broken/truncated.mp4";
    public const string Garbage = "Broken/garbage.mkv";

    private readonly TempFolder _folder = new();

    public TestMediaFiles()
    {
        Root = Path.Combine(_folder.Path, "library");
        Directory.CreateDirectory(Root);
        Make(Movie, "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:d=3", "-f", "lavfi", "-i", "sine=frequency=440:d=3",
            "-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", "-shortest");
        Make(Episode, "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25:d=2", "-f", "lavfi", "-i", "sine=frequency=330:d=2",
            "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest");
        Make(Song, "-f", "lavfi", "-i", "sine=frequency=550:d=2", "-f", "lavfi", "-i", "testsrc=size=400x400:rate=1:d=1",
            "-map", "0:a", "-map", "1:v", "-c:a", "libmp3lame", "-b:a", "64k", "-c:v", "mjpeg", "-frames:v", "1", "-disposition:v", "attached_pic",
            "-id3v2_version", "3", "-metadata", "title=Café Song", "-metadata", "artist=Test Artist", "-metadata", "album_artist=Test Artist",
            "-metadata", "album=Test Album", "-metadata", "track=3/10", "-metadata", "disc=1/1", "-metadata", "date=2021", "-metadata", "genre=Rock");
        Make(FlacSong, "-f", "lavfi", "-i", "sine=frequency=660:d=2", "-c:a", "flac",
            "-metadata", "TITLE=Flac Tune", "-metadata", "ARTIST=Flac Artist", "-metadata", "ALBUM=Flac Album", "-metadata", "TRACKNUMBER=1",
            "-metadata", "DATE=2019", "-metadata", "GENRE=Jazz");
        Make(Path.Combine(Path.GetDirectoryName(FlacSong)!, "cover.jpg"), "-f", "lavfi", "-i", "testsrc=size=500x500:rate=1:d=1", "-frames:v", "1");

        // Half an MP4 whose index (moov) sits at the end: ffprobe cannot read it.
        var full = File.ReadAllBytes(PathOf(Movie));
        Directory.CreateDirectory(Path.GetDirectoryName(PathOf(Truncated))!);
        File.WriteAllBytes(PathOf(Truncated), full.AsSpan(0, full.Length / 2).ToArray());
        var garbage = new byte[64 * 1024];
        new Random(5).NextBytes(garbage);
        File.WriteAllBytes(PathOf(Garbage), garbage);
    }

    /// <summary>The library root holding every generated file.</summary>
    public string Root { get; }

    /// <summary>A scratch folder beside (not inside) the library, for links that point out.</summary>
    public string Outside => Directory.CreateDirectory(Path.Combine(_folder.Path, "outside")).FullName;

    public string PathOf(string relative) => Path.Combine(Root, relative);

    /// <summary>Copies the whole tree to a new folder, for a test that changes or deletes files.</summary>
    public string CopyTo(string target)
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(Root, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
            File.SetLastWriteTimeUtc(destination, File.GetLastWriteTimeUtc(file));
        }

        return target;
    }

    public void Dispose() => _folder.Dispose();

    private void Make(string relative, params string[] arguments)
    {
        var output = PathOf(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        RunFfmpeg([.. arguments, output]);
    }

    /// <summary>Runs ffmpeg to completion (bounded to a minute) and fails the test with its errors otherwise.</summary>
    public static void RunFfmpeg(IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo("ffmpeg") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in (string[])["-nostdin", "-v", "error", "-y", .. arguments])
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new InvalidOperationException("ffmpeg did not finish within a minute: " + string.Join(' ', arguments));
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {errors.Result}");
        }
    }
}
