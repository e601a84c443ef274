using System.Diagnostics;
using System.Globalization;
using HomeTelco.Core.Profiles;
using HomeTelco.Media.Streaming;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Media.Tests.Streaming;

/// <summary>The HLS engine against the real ffmpeg and ffprobe with a generated 1080p H.264/AAC source.</summary>
[Collection(FfmpegTestGroup.Name)]
public sealed class HlsStreamerTests(SourceFixture source) : IClassFixture<SourceFixture>, IAsyncLifetime
{
    private readonly TempFolder _work = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T12:00:00Z", CultureInfo.InvariantCulture));
    private readonly List<HlsStreamer> _streamers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var streamer in _streamers)
        {
            await streamer.DisposeAsync();
        }

        MediaTools.AssertNoFfmpegChildren(_work.Path);
        _work.Dispose();
    }

    [Fact]
    public async Task Playlists_AreValid_AndEverySegmentDecodes()
    {
        var streamer = Streamer(MediaTools.Profile(2));

        var master = streamer.MasterPlaylist(source.Facts, StreamRequest.Default, string.Empty);
        var lines = master.Split('\n');
        Assert.Equal("#EXTM3U", lines[0]);
        var uris = lines.Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Equal(["1080p/index.m3u8", "720p/index.m3u8", "480p/index.m3u8", "audio/index.m3u8"], uris);
        Assert.Contains("RESOLUTION=854x480", master, StringComparison.Ordinal);

        var media = await streamer.MediaPlaylistAsync("item1", source.Path, source.Facts, "480p", StreamRequest.Default, string.Empty, default);
        var segments = media.Split('\n').Where(l => l.Length > 0 && l[0] != '#').ToList();
        Assert.Equal(8, segments.Count); // 30 s in 4 s segments: 7 whole and a 2 s remainder.
        Assert.EndsWith("#EXT-X-ENDLIST\n", media, StringComparison.Ordinal);
        var durations = media.Split('\n').Where(l => l.StartsWith("#EXTINF:", StringComparison.Ordinal))
            .Select(l => double.Parse(l[8..].TrimEnd(','), CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(30.0, durations.Sum(), 3);

        string? folder = null;
        foreach (var segment in segments)
        {
            var path = await streamer.SegmentAsync("item1", source.Path, source.Facts, "480p", segment, StreamRequest.Default, default);
            folder = Path.GetDirectoryName(path)!;
            var frames = await MediaTools.DecodedVideoFramesAsync(path);
            Assert.True(frames >= 40, $"{segment} decoded only {frames} frames");
        }

        // ffprobe reads our playlist as a whole: the timeline is the source's 30 s.
        await File.WriteAllTextAsync(Path.Combine(folder!, "ours.m3u8"), media);
        var (code, output) = await MediaTools.RunAsync("ffprobe", ["-v", "error", "-show_entries", "format=duration:stream=codec_name,height", "-of", "default=nw=1", Path.Combine(folder!, "ours.m3u8")]);
        Assert.True(code == 0, output);
        Assert.Contains("height=480", output, StringComparison.Ordinal);
        Assert.Contains("codec_name=aac", output, StringComparison.Ordinal);
        var duration = double.Parse(output.Split('\n').First(l => l.StartsWith("duration=", StringComparison.Ordinal))[9..], CultureInfo.InvariantCulture);
        Assert.InRange(duration, 29.0, 31.5);
    }

    [Fact]
    public async Task SeekNearTheEnd_ReturnsQuickly_WithoutMakingEarlierSegments()
    {
        var streamer = Streamer(MediaTools.Profile(2));
        var clock = Stopwatch.StartNew();

        var path = await streamer.SegmentAsync("item1", source.Path, source.Facts, "720p", "6.ts", StreamRequest.Default, default);

        clock.Stop();
        Assert.True(await MediaTools.DecodedVideoFramesAsync(path) >= 90);
        var made = Directory.GetFiles(Path.GetDirectoryName(path)!, "*.ts").Select(Path.GetFileName).ToList();
        Assert.DoesNotContain(made, f => f is "0.ts" or "1.ts" or "2.ts" or "3.ts" or "4.ts" or "5.ts");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed}");

        // Then a seek back to the start restarts the encoder there instead of waiting for the end.
        var session = streamer.Find("item1", "720p")!;
        var first = await streamer.SegmentAsync("item1", source.Path, source.Facts, "720p", "0.ts", StreamRequest.Default, default);
        Assert.True(File.Exists(first));
        Assert.Equal(2, session.EncoderStarts);
    }

    [Fact]
    public async Task AbandonedSession_IsStopped_AndItsFilesDeleted()
    {
        var streamer = Streamer(MediaTools.Profile(2));
        var path = await streamer.SegmentAsync("item1", source.Path, source.Facts, "480p", "0.ts", StreamRequest.Default, default);
        var session = streamer.Find("item1", "480p")!;
        var pid = session.EncoderProcessId;

        _time.Advance(TimeSpan.FromSeconds(30));
        await streamer.Sweep();
        Assert.Equal(1, streamer.SessionCount); // not idle long enough yet

        _time.Advance(TimeSpan.FromSeconds(31));
        await streamer.Sweep();

        Assert.Equal(0, streamer.SessionCount);
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        if (pid is { } p)
        {
            Assert.Null(MediaTools.ProcessState(p));
        }

        MediaTools.AssertNoFfmpegChildren(_work.Path);
    }

    [Fact]
    public async Task ConcurrencyLimit_RefusesTheExtraSession_WithAClearReason()
    {
        var streamer = Streamer(MediaTools.Profile(1));
        await streamer.SegmentAsync("item1", source.Path, source.Facts, "480p", "0.ts", StreamRequest.Default, default);

        var refused = await Assert.ThrowsAsync<StreamingException>(() =>
            streamer.SegmentAsync("item2", source.Path, source.Facts, "480p", "0.ts", StreamRequest.Default, default));

        Assert.Equal(StreamingFailure.Busy, refused.Failure);
        Assert.Contains("All 1 streaming slots", refused.Message, StringComparison.Ordinal);

        // Once the first has been idle a while, the oldest idle session makes room for a new one.
        _time.Advance(TimeSpan.FromSeconds(20));
        await streamer.SegmentAsync("item2", source.Path, source.Facts, "480p", "0.ts", StreamRequest.Default, default);
        Assert.Null(streamer.Find("item1", "480p"));
        Assert.Equal(1, streamer.SessionCount);
    }

    [Fact]
    public async Task FfmpegKilledMidStream_GivesACleanError_AndARetryWorks()
    {
        var streamer = Streamer(MediaTools.Profile(2));
        var waiting = streamer.SegmentAsync("item1", source.Path, source.Facts, "480p", "3.ts", StreamRequest.Default, default);
        HlsSession? session = null;
        Assert.True(await MediaTools.EventuallyAsync(() => (session = streamer.Find("item1", "480p"))?.EncoderProcessId is not null, TimeSpan.FromSeconds(10)));
        Process.GetProcessById(session!.EncoderProcessId!.Value).Kill();

        var failed = await Assert.ThrowsAsync<StreamingException>(() => waiting);
        Assert.Equal(StreamingFailure.EncoderFailed, failed.Failure);
        Assert.Contains("Retrying", failed.Message, StringComparison.Ordinal);

        var path = await streamer.SegmentAsync("item1", source.Path, source.Facts, "480p", "3.ts", StreamRequest.Default, default);
        Assert.True(await MediaTools.DecodedVideoFramesAsync(path) >= 90);
    }

    [Fact]
    public async Task EncoderFarAheadOfThePlayer_IsPaused_AndResumedWhenThePlayerCatchesUp()
    {
        var streamer = Streamer(MediaTools.Profile(2), throttleAhead: 1);
        var first = await streamer.SegmentAsync("item1", source.Path, source.Facts, "audio", "0.ts", StreamRequest.Default, default);
        var session = streamer.Find("item1", "audio")!;
        var folder = Path.GetDirectoryName(first)!;
        Assert.True(await MediaTools.EventuallyAsync(() => File.Exists(Path.Combine(folder, "2.ts")) || session.EncoderProcessId is null, TimeSpan.FromSeconds(20)));
        var pid = session.EncoderProcessId;
        if (pid is null)
        {
            // Audio of 30 s can finish before the check on a fast machine; then there is nothing to throttle.
            return;
        }

        await streamer.Sweep();

        Assert.True(session.IsEncoderPaused);
        Assert.True(await MediaTools.EventuallyAsync(() => MediaTools.ProcessState(pid.Value) == 'T', TimeSpan.FromSeconds(5)), "ffmpeg was not stopped");
        var made = Directory.GetFiles(folder, "*.ts").Length;
        await streamer.SegmentAsync("item1", source.Path, source.Facts, "audio", (made - 1).ToString(CultureInfo.InvariantCulture) + ".ts", StreamRequest.Default, default);
        Assert.False(session.IsEncoderPaused);
        Assert.True(await MediaTools.EventuallyAsync(() => MediaTools.ProcessState(pid.Value) is not 'T', TimeSpan.FromSeconds(5)), "ffmpeg was not continued");
    }

    [Fact]
    public async Task CopyOnlyProfile_RemuxesIntoHls_WithFfmpegsOwnPlaylist()
    {
        var streamer = Streamer(MediaTools.Profile(0));
        var master = streamer.MasterPlaylist(source.Facts, StreamRequest.Default, "?sig=x");
        Assert.Contains("copy/index.m3u8?sig=x", master, StringComparison.Ordinal);
        Assert.DoesNotContain("720p", master, StringComparison.Ordinal);

        var media = await streamer.MediaPlaylistAsync("item1", source.Path, source.Facts, "copy", StreamRequest.Default, "?sig=x", default);
        Assert.Contains("0.ts?sig=x", media, StringComparison.Ordinal);
        var path = await streamer.SegmentAsync("item1", source.Path, source.Facts, "copy", "0.ts", StreamRequest.Default, default);
        var (code, output) = await MediaTools.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,height", "-of", "csv=p=0", path]);
        Assert.True(code == 0, output);
        Assert.Contains("h264,1080", output, StringComparison.Ordinal); // copied, not scaled
    }

    [Fact]
    public async Task HardwareAcceleration_IsProbedOnce_AndFallsBackToSoftware()
    {
        var streamer = Streamer(MediaTools.Profile(2, "vaapi"));
        var first = await streamer.Probe.ChooseAsync("vaapi");
        var second = await streamer.Probe.ChooseAsync("vaapi");

        Assert.Same(first, second);
        Assert.Equal(1, streamer.Probe.ProbeCount);
        if (!File.Exists("/dev/dri/renderD128"))
        {
            Assert.Equal("libx264", first.Name);
        }

        var path = await streamer.SegmentAsync("item1", source.Path, source.Facts, "480p", "0.ts", StreamRequest.Default, default);
        Assert.True(await MediaTools.DecodedVideoFramesAsync(path) >= 90);
    }

    [Fact]
    public async Task OpusAudioOnly_IsFragmentedMp4_WithAnInitSegment()
    {
        var streamer = Streamer(MediaTools.Profile(2));
        var opus = new StreamRequest(0, true);

        var media = await streamer.MediaPlaylistAsync("item1", source.Path, source.Facts, "opus", opus, string.Empty, default);
        Assert.Contains("#EXT-X-MAP:URI=\"init.mp4\"", media, StringComparison.Ordinal);
        var init = await streamer.SegmentAsync("item1", source.Path, source.Facts, "opus", "init.mp4", opus, default);
        var first = await streamer.SegmentAsync("item1", source.Path, source.Facts, "opus", "0.m4s", opus, default);

        var joined = _work.File("opus-0.mp4");
        await File.WriteAllBytesAsync(joined, [.. await File.ReadAllBytesAsync(init), .. await File.ReadAllBytesAsync(first)]);
        var (code, output) = await MediaTools.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name:format=duration", "-of", "default=nw=1", joined]);
        Assert.True(code == 0, output);
        Assert.Contains("codec_name=opus", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownVariantOrSegment_IsNotFound()
    {
        var streamer = Streamer(MediaTools.Profile(2));
        var remote = new StreamRequest(480, false);

        var variant = await Assert.ThrowsAsync<StreamingException>(() => streamer.MediaPlaylistAsync("item1", source.Path, source.Facts, "1080p", remote, string.Empty, default));
        Assert.Equal(StreamingFailure.NotFound, variant.Failure);
        foreach (var name in new[] { "8.ts", "-1.ts", "../x.ts", "1.mp4", "x" })
        {
            var segment = await Assert.ThrowsAsync<StreamingException>(() => streamer.SegmentAsync("item1", source.Path, source.Facts, "480p", name, remote, default));
            Assert.Equal(StreamingFailure.NotFound, segment.Failure);
        }
    }

    private HlsStreamer Streamer(HardwareProfile profile, int throttleAhead = 6)
    {
        // A generous segment wait: these machines are shared, and a slow encode is not what these tests check.
        var options = new StreamingOptions { WorkDir = _work.File("streams"), ThrottleAhead = throttleAhead, IdleTimeout = TimeSpan.FromSeconds(60), SegmentWait = TimeSpan.FromSeconds(90) };
        var streamer = new HlsStreamer(options, () => profile, _time, NullLogger<HlsStreamer>.Instance);
        _streamers.Add(streamer);
        return streamer;
    }
}
