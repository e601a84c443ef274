using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.IntegrationTests.Torrent.Engine;
using HomeTelco.Torrent.Picking;
using HomeTelco.Torrent.Storage;
using HomeTelco.Torrent.WebSeeds;

namespace HomeTelco.IntegrationTests.Torrent.WebSeeds;

/// <summary>
/// The web seed fetcher against the real nginx on loopback: a run of blocks across a file boundary arrives block by
/// block with the right bytes; servers that ignore Range, are busy, are missing, serve a file of another length, or
/// do not listen, are each refused with a reason (and a busy server's Retry-After is read).
/// </summary>
public sealed class WebSeedFetcherTests : IAsyncLifetime
{
    private readonly SwarmFixture _swarm = new();
    private NginxWebSeed _nginx = null!;

    public async Task InitializeAsync()
    {
        _nginx = new NginxWebSeed(_swarm);
        await _swarm.CreateAsync(withTracker: false);
        foreach (var folder in new[] { "norange", "short" })
        {
            CopyContent(folder);
        }

        // A file one byte shorter than the torrent says.
        var shortened = Path.Combine(_swarm.Work.Path, "short", SwarmFixture.Name, "sub", "b.bin");
        var bytes = await File.ReadAllBytesAsync(shortened);
        await File.WriteAllBytesAsync(shortened, bytes[..^1]);
        await _nginx.StartAsync();
    }

    public async Task DisposeAsync() => await _swarm.DisposeAsync();

    [Fact]
    public async Task A_run_across_a_file_boundary_arrives_block_by_block_with_the_right_bytes()
    {
        var layout = _swarm.Metainfo.Layout;
        var boundary = layout.Files[1].Offset;
        var firstPiece = (int)(boundary / layout.PieceLength);
        var run = Blocks(layout, firstPiece, pieces: 3);
        var received = new List<(BlockRequest Block, byte[] Data)>();

        var completed = await Fetcher("seed").FetchRunAsync(run, (block, data) =>
        {
            received.Add((block, data.ToArray()));
            return ValueTask.FromResult(true);
        }, CancellationToken.None);

        Assert.True(completed);
        Assert.Equal(run, received.Select(r => r.Block).ToArray());
        var content = Content();
        foreach (var (block, data) in received)
        {
            var start = ((long)block.Piece * layout.PieceLength) + block.Offset;
            Assert.True(content.AsSpan((int)start, block.Length).SequenceEqual(data), $"block {block} differs");
        }

        Assert.Equal(2, _nginx.Requests("seed").Count(r => r.Status == 206));
    }

    [Fact]
    public async Task Delivery_can_stop_a_run_early()
    {
        var layout = _swarm.Metainfo.Layout;
        var run = Blocks(layout, 0, pieces: 4);
        var count = 0;

        var completed = await Fetcher("seed").FetchRunAsync(run, (_, _) => ValueTask.FromResult(++count < 3), CancellationToken.None);

        Assert.False(completed);
        Assert.Equal(3, count);
    }

    [Fact]
    public async Task A_server_that_ignores_range_is_refused()
    {
        var error = await FailureAsync("norange", 5);

        Assert.Contains("ignored the Range header", error.Message, StringComparison.Ordinal);
        Assert.Contains(_nginx.Requests("norange"), r => r.Status == 200);
    }

    [Fact]
    public async Task A_busy_server_is_refused_and_its_retry_after_is_read()
    {
        var error = await FailureAsync("busy", 0);

        Assert.Equal("HTTP 503", error.Message);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
    }

    [Fact]
    public async Task A_missing_file_is_refused()
    {
        var error = await FailureAsync("missing", 0);

        Assert.Equal("HTTP 404", error.Message);
        Assert.Null(error.RetryAfter);
    }

    [Fact]
    public async Task A_file_of_another_length_is_refused()
    {
        var layout = _swarm.Metainfo.Layout;
        var lastPiece = layout.PieceCount - 1;

        var error = await FailureAsync("short", lastPiece);

        // nginx clamps the range to its shorter file: 206 with another range and another total than asked.
        Assert.StartsWith("asked for bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_listen_is_refused()
    {
        var layout = _swarm.Metainfo.Layout;
        var nobody = $"http://127.0.0.1:{BoxProcess.FreePort()}/seed/";
        var fetcher = new WebSeedFetcher(WebSeedHttp.Shared, layout, Urls(layout, nobody));

        await Assert.ThrowsAsync<WebSeedException>(() => fetcher.FetchRunAsync(Blocks(layout, 0, 1), (_, _) => ValueTask.FromResult(true), CancellationToken.None));
    }

    private async Task<WebSeedException> FailureAsync(string folder, int piece)
    {
        var delivered = 0;
        var error = await Assert.ThrowsAsync<WebSeedException>(() => Fetcher(folder).FetchRunAsync(
            Blocks(_swarm.Metainfo.Layout, piece, 1), (_, _) => ValueTask.FromResult(++delivered > 0), CancellationToken.None));
        Assert.Equal(0, delivered);
        return error;
    }

    private WebSeedFetcher Fetcher(string folder) =>
        new(WebSeedHttp.Shared, _swarm.Metainfo.Layout, Urls(_swarm.Metainfo.Layout, _nginx.Url(folder)));

    private static Uri?[] Urls(TorrentLayout layout, string seed) =>
        [.. layout.Files.Select(f => f.IsPadding ? null : WebSeedUrl.ForFile(seed, f.Path, singleFile: false))];

    private static BlockRequest[] Blocks(TorrentLayout layout, int firstPiece, int pieces)
    {
        var blocks = new List<BlockRequest>();
        for (var piece = firstPiece; piece < Math.Min(layout.PieceCount, firstPiece + pieces); piece++)
        {
            for (var offset = 0; offset < layout.PieceSize(piece); offset += TorrentLayout.BlockSize)
            {
                blocks.Add(new BlockRequest(piece, offset, Math.Min(TorrentLayout.BlockSize, layout.PieceSize(piece) - offset)));
            }
        }

        return [.. blocks];
    }

    private byte[] Content() =>
        [.. _swarm.Metainfo.Files.Where(f => !f.IsPadding).SelectMany(f => File.ReadAllBytes(Path.Combine(_swarm.SeedDir, f.Path)))];

    private void CopyContent(string folder)
    {
        foreach (var file in _swarm.Metainfo.Files.Where(f => !f.IsPadding))
        {
            var target = Path.Combine(_swarm.Work.Path, folder, file.Path);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(_swarm.SeedDir, file.Path), target);
        }
    }
}
