using System.Globalization;
using HomeTelco.Core.Profiles;
using HomeTelco.Media.Live;
using HomeTelco.Media.Streaming;
using HomeTelco.Media.Tests.Streaming;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace HomeTelco.Media.Tests.Live;

/// <summary>Live channels fed by a real ffmpeg over loopback UDP and HTTP, played through our live playlist.</summary>
[Collection(FfmpegTestGroup.Name)]
public sealed class LiveStreamerTests : IAsyncLifetime
{
    private readonly TempFolder _work = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-01-01T12:00:00Z", CultureInfo.InvariantCulture));
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        MediaTools.AssertNoFfmpegChildren(_work.Path);
        _work.Dispose();
    }

    [Fact]
    public async Task UdpChannel_PlaysThroughTheLivePlaylist_SharedByTwoViewers_StoppedWhenTheyLeave()
    {
        var feeder = Own(MpegTsFeeder.Udp());
        var live = Streamer(MediaTools.Profile(1));
        var channel = new LiveChannel("s-1", "s", "Test UDP", string.Empty, string.Empty, feeder.Url, false);

        var playlist = await live.PlaylistAsync(channel, "viewer-a", "?sig=x", default);
        var second = await live.PlaylistAsync(channel, "viewer-b", string.Empty, default);

        Assert.Contains("#EXTINF", playlist, StringComparison.Ordinal);
        Assert.DoesNotContain("#EXT-X-ENDLIST", playlist, StringComparison.Ordinal);
        Assert.Contains(".ts?sig=x", playlist, StringComparison.Ordinal);
        var session = live.Find("s-1")!;
        Assert.Equal(1, live.SessionCount);
        Assert.Equal(1, session.EncoderStarts);
        Assert.Equal(2, session.ViewerCount);
        Assert.Contains(session.EncoderProcessId!.Value, MediaTools.FfmpegChildren());

        var segment = second.Split('\n').First(l => l.EndsWith(".ts", StringComparison.Ordinal));
        var path = live.Segment("s-1", "viewer-b", segment);
        Assert.True(await MediaTools.DecodedVideoFramesAsync(path) >= 25);

        // Viewer a keeps watching, b leaves: the channel stays on.
        _time.Advance(TimeSpan.FromSeconds(15));
        await live.PlaylistAsync(channel, "viewer-a", string.Empty, default);
        _time.Advance(TimeSpan.FromSeconds(10));
        await live.Sweep();
        Assert.Equal(1, session.ViewerCount);
        Assert.NotNull(session.EncoderProcessId);
        var pid = session.EncoderProcessId!.Value;

        // The last viewer leaves: ffmpeg stops and the window's files go.
        _time.Advance(TimeSpan.FromSeconds(21));
        await live.Sweep();
        Assert.Equal(0, live.SessionCount);
        Assert.Null(MediaTools.ProcessState(pid));
        Assert.False(Directory.Exists(session.Folder));
    }

    [Fact]
    public async Task HttpChannel_OnACopyOnlyProfile_IsRemuxedIntoTheSlidingWindow()
    {
        var feeder = Own(MpegTsFeeder.Http());
        var live = Streamer(MediaTools.Profile(0));
        var channel = new LiveChannel("s-2", "s", "Test HTTP", string.Empty, string.Empty, feeder.Url, false);

        // ffmpeg's HTTP server needs a moment to listen; the first attempts may be refused cleanly.
        string? playlist = null;
        for (var attempt = 0; attempt < 20 && playlist is null; attempt++)
        {
            try
            {
                playlist = await live.PlaylistAsync(channel, "viewer", string.Empty, default);
            }
            catch (StreamingException e) when (e.Failure == StreamingFailure.EncoderFailed)
            {
                await Task.Delay(250);
            }
        }

        Assert.NotNull(playlist);
        var segment = playlist.Split('\n').First(l => l.EndsWith(".ts", StringComparison.Ordinal));
        var path = live.Segment("s-2", "viewer", segment);
        var (code, output) = await MediaTools.RunAsync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name,height", "-of", "csv=p=0", path]);
        Assert.True(code == 0, output);
        Assert.Contains("h264,360", output, StringComparison.Ordinal);

        // The window slides: old segments are deleted as new ones come (6 x 2 s kept).
        var folder = live.Find("s-2")!.Folder;
        Assert.True(await MediaTools.EventuallyAsync(() => !File.Exists(Path.Combine(folder, "0.ts")) && File.Exists(Path.Combine(folder, "9.ts")), TimeSpan.FromSeconds(40)));
        Assert.True(Directory.GetFiles(folder, "*.ts").Length <= 9);
        var gone = Assert.Throws<StreamingException>(() => live.Segment("s-2", "viewer", "0.ts"));
        Assert.Equal(StreamingFailure.NotFound, gone.Failure);
    }

    [Fact]
    public async Task UnreachableSource_FailsCleanly_AndFreesItsTuner_WhileAWatchedChannelHoldsIt()
    {
        var live = Streamer(MediaTools.Profile(1));
        var dead = new LiveChannel("s-3", "s", "Nobody", string.Empty, string.Empty, "http://127.0.0.1:9/none.ts", false);
        var failed = await Assert.ThrowsAsync<StreamingException>(() => live.PlaylistAsync(dead, "v", string.Empty, default));
        Assert.Equal(StreamingFailure.EncoderFailed, failed.Failure);
        Assert.Equal(0, live.SessionCount);

        var feeder = Own(MpegTsFeeder.Udp());
        var watched = new LiveChannel("s-4", "s", "Watched", string.Empty, string.Empty, feeder.Url, false);
        await live.PlaylistAsync(watched, "v", string.Empty, default);
        var busy = await Assert.ThrowsAsync<StreamingException>(() => live.PlaylistAsync(dead, "w", string.Empty, default));
        Assert.Equal(StreamingFailure.Busy, busy.Failure);
        Assert.Contains("tuner", busy.Message, StringComparison.Ordinal);
    }

    private LiveStreamer Streamer(HardwareProfile profile)
    {
        var options = new LiveOptions { Streaming = new StreamingOptions { WorkDir = _work.File("streams") } };
        var live = new LiveStreamer(options, () => profile, _time, NullLogger<LiveStreamer>.Instance);
        _owned.Add(live);
        return live;
    }

    private T Own<T>(T disposable)
        where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
