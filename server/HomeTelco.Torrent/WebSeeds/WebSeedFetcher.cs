using System.Buffers;
using System.Net;
using System.Net.Http.Headers;
using HomeTelco.Torrent.Picking;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.WebSeeds;

/// <summary>
/// Fetches runs of consecutive blocks from one web seed: each run becomes one HTTP Range request per file it touches
/// (zeros for padding files are made locally), and the bodies are cut into the run's blocks as they stream in, one
/// pooled 16 KiB buffer per run. Every failure is a <see cref="WebSeedException"/> (or a cancellation of the caller's token).
/// </summary>
internal sealed class WebSeedFetcher
{
    /// <summary>A response that sends nothing for this long fails (the whole request may take longer while bytes flow).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly TorrentLayout _layout;
    private readonly Uri?[] _fileUrls;

    /// <param name="http">The shared client.</param>
    /// <param name="layout">The torrent's layout.</param>
    /// <param name="fileUrls">Each file's URL on this seed, by layout index (null for padding files).</param>
    public WebSeedFetcher(HttpClient http, TorrentLayout layout, Uri?[] fileUrls)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(fileUrls);
        if (fileUrls.Length != layout.Files.Count)
        {
            throw new ArgumentException($"{fileUrls.Length} URLs for {layout.Files.Count} files.", nameof(fileUrls));
        }

        _http = http;
        _layout = layout;
        _fileUrls = fileUrls;
    }

    /// <summary>
    /// Fetches <paramref name="run"/> (blocks in ascending order, each starting where the previous ends) and hands each
    /// block to <paramref name="deliver"/> with its bytes (valid only until <paramref name="deliver"/> completes).
    /// Returns false when <paramref name="deliver"/> asked to stop.
    /// </summary>
    public async Task<bool> FetchRunAsync(ReadOnlyMemory<BlockRequest> run, Func<BlockRequest, ReadOnlyMemory<byte>, ValueTask<bool>> deliver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(deliver);
        if (run.IsEmpty)
        {
            return true;
        }

        var start = StartOf(run.Span[0]);
        var last = run.Span[^1];
        var ranges = new List<WebSeedRange>(2);
        WebSeedRanges.Map(_layout, start, StartOf(last) + last.Length - start, ranges);
        var cursor = new BlockCursor(run, deliver, ArrayPool<byte>.Shared.Rent(TorrentLayout.BlockSize));
        try
        {
            foreach (var range in ranges)
            {
                var carryOn = range.IsZeros
                    ? await cursor.ZerosAsync(range.Length).ConfigureAwait(false)
                    : await FetchRangeAsync(range, cursor, cancellationToken).ConfigureAwait(false);
                if (!carryOn)
                {
                    return false;
                }
            }

            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(cursor.Buffer);
        }
    }

    private long StartOf(BlockRequest block) => ((long)block.Piece * _layout.PieceLength) + block.Offset;

    private async Task<bool> FetchRangeAsync(WebSeedRange range, BlockCursor cursor, CancellationToken cancellationToken)
    {
        var url = _fileUrls[range.File] ?? throw new WebSeedException("no URL for a file of the torrent");
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(IdleTimeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Range = new RangeHeaderValue(range.FileOffset, range.FileOffset + range.Length - 1);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, idle.Token).ConfigureAwait(false);
            var problem = WebSeedResponseCheck.Problem(
                response.StatusCode, response.Content.Headers.ContentRange, response.Content.Headers.ContentLength, range.FileOffset, range.Length, _layout.Files[range.File].Length);
            if (problem is not null)
            {
                throw new WebSeedException(problem, response.StatusCode == HttpStatusCode.ServiceUnavailable ? RetryAfter(response.Headers.RetryAfter) : null);
            }

            var body = await response.Content.ReadAsStreamAsync(idle.Token).ConfigureAwait(false);
            await using (body.ConfigureAwait(false))
            {
                // Never more than asked: each read is bounded by what the range still owes.
                var remaining = range.Length;
                while (remaining > 0)
                {
                    var read = await body.ReadAsync(cursor.Space(remaining), idle.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        throw new WebSeedException(FormattableString.Invariant($"the body ended {remaining} bytes short"));
                    }

                    idle.CancelAfter(IdleTimeout);
                    remaining -= read;
                    if (!await cursor.FilledAsync(read).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
            }

            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WebSeedException($"no answer for {IdleTimeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            throw new WebSeedException(ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString(), ex);
        }
        catch (IOException ex)
        {
            throw new WebSeedException(ex.Message, ex);
        }
    }

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) =>
        header?.Delta ?? (header?.Date is { } date ? date - DateTimeOffset.UtcNow : null);

    /// <summary>Where the next bytes of the run go: the current block's buffer, handed on when full.</summary>
    private sealed class BlockCursor(ReadOnlyMemory<BlockRequest> run, Func<BlockRequest, ReadOnlyMemory<byte>, ValueTask<bool>> deliver, byte[] buffer)
    {
        private int _block;
        private int _filled;

        public byte[] Buffer => buffer;

        /// <summary>Free space of the current block, at most <paramref name="owed"/> bytes.</summary>
        public Memory<byte> Space(long owed)
        {
            var block = run.Span[_block];
            return buffer.AsMemory(_filled, (int)Math.Min(block.Length - _filled, owed));
        }

        /// <summary><paramref name="count"/> bytes were written at <see cref="Space"/>; delivers the block when full.</summary>
        public ValueTask<bool> FilledAsync(int count)
        {
            _filled += count;
            var block = run.Span[_block];
            if (_filled < block.Length)
            {
                return ValueTask.FromResult(true);
            }

            _block++;
            _filled = 0;
            return deliver(block, buffer.AsMemory(0, block.Length));
        }

        /// <summary>Appends <paramref name="count"/> zero bytes (padding).</summary>
        public async ValueTask<bool> ZerosAsync(long count)
        {
            while (count > 0)
            {
                var space = Space(count);
                space.Span.Clear();
                count -= space.Length;
                if (!await FilledAsync(space.Length).ConfigureAwait(false))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
