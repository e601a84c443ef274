using HomeTelco.Torrent.Picking;
using HomeTelco.Torrent.Storage;
using HomeTelco.Torrent.WebSeeds;

namespace HomeTelco.Torrent.Engine;

/// <summary>
/// BEP 19 web seeds: each URL of the torrent's url-list (and a magnet's ws=) is a source that has every piece and never
/// chokes. While the torrent downloads, the tick asks each idle seed for a run of blocks through the picker and the
/// torrent's download channel, like a peer; the fetch streams the blocks into the write cache. Failing seeds rest
/// (<see cref="WebSeedBackoff"/>); seeds whose data fails the hash check twice are dropped.
/// </summary>
internal sealed partial class TorrentSession
{
    private const int MaxWebSeeds = 10;

    private static readonly TimeSpan WebSeedStopWait = TimeSpan.FromSeconds(5);

    private readonly List<WebSeedSource> _webSeeds = [];
    private readonly HashSet<Task> _webSeedFetches = [];
    private bool _webSeedsOpened;

    /// <summary>Called by the tick under the lock: counts the seeds' bytes into the totals and returns their rate.</summary>
    private long TickWebSeeds()
    {
        long rate = 0;
        foreach (var seed in _webSeeds)
        {
            Record.Downloaded += seed.Down.Tick();
            rate += seed.Down.Rate;
        }

        return rate;
    }

    /// <summary>
    /// Called by the tick under the lock, after the peers asked for theirs: under a download limit the seeds must
    /// not take the whole second's budget before the peers get a block in (a peer asks again only as blocks arrive).
    /// </summary>
    private void PumpWebSeeds()
    {
        if (_picker is null || _down is null || State != TorrentState.Downloading)
        {
            return;
        }

        OpenWebSeeds();
        foreach (var seed in _webSeeds)
        {
            PumpWebSeed(seed);
        }
    }

    private void PumpWebSeed(WebSeedSource seed)
    {
        if (_picker is null || _down is null || State != TorrentState.Downloading || _stop.IsCancellationRequested)
        {
            return;
        }

        while (!seed.Dropped && seed.InFlight < WebSeedSource.MaxInFlight && !seed.Backoff.IsWaiting && RequestFromWebSeed(seed))
        {
        }
    }

    // Picks a run of blocks for the seed, pays for them from the download channel and starts the fetch.
    private bool RequestFromWebSeed(WebSeedSource seed)
    {
        var picked = seed.PickBuffer.AsSpan();
        var count = _picker!.Pick(seed.Picker, picked);
        var paid = 0;
        while (paid < count && _down!.TryTake(picked[paid].Length))
        {
            paid++;
        }

        for (var i = paid; i < count; i++)
        {
            _picker.RequestRejected(seed.Picker, picked[i]);
        }

        if (paid == 0)
        {
            return false;
        }

        var blocks = picked[..paid].ToArray();
        Array.Sort(blocks, static (a, b) => a.Piece != b.Piece ? a.Piece.CompareTo(b.Piece) : a.Offset.CompareTo(b.Offset));
        seed.InFlight++;
        _webSeedFetches.RemoveWhere(static t => t.IsCompleted);
        _webSeedFetches.Add(Task.Run(() => FetchFromWebSeedAsync(seed, blocks)));
        return paid == count;
    }

    /// <summary>
    /// Called by StopAsync once the token is cancelled: the fetches still running end at their next read, and must be
    /// gone before the write cache is disposed (a late block would rent a buffer nobody returns).
    /// </summary>
    private async Task WaitForWebSeedsAsync()
    {
        Task[] running;
        lock (_gate)
        {
            running = [.. _webSeedFetches];
        }

        try
        {
            await Task.WhenAll(running).WaitAsync(WebSeedStopWait, _ctx.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A fetch stuck past the wait is abandoned; its token is cancelled and it delivers nothing more.
        }
    }

    private void OpenWebSeeds()
    {
        if (_webSeedsOpened || _meta is null)
        {
            return;
        }

        _webSeedsOpened = true;
        var layout = _meta.Layout;
        var singleFile = layout.Files.Count == 1 && !layout.Files[0].Path.Contains('/', StringComparison.Ordinal);
        var urls = _meta.WebSeeds.Concat(_magnet?.WebSeeds ?? []).Distinct(StringComparer.Ordinal).Take(MaxWebSeeds);
        foreach (var url in urls)
        {
            var fileUrls = new Uri?[layout.Files.Count];
            for (var f = 0; f < fileUrls.Length; f++)
            {
                fileUrls[f] = layout.Files[f].IsPadding ? null : WebSeedUrl.ForFile(url, layout.Files[f].Path, singleFile);
            }

            if (!WebSeedUrl.IsUsable(url) || !EveryFileHasUrl(layout, fileUrls))
            {
                Log.WebSeedIgnored(_logger, Record.Name, url, "not an http or https URL we can use");
                continue;
            }

            var picker = _picker!.AddPeer();
            _picker.PeerHaveAll(picker);
            _picker.PeerUnchoked(picker);
            var blocksPerPiece = layout.PieceLength / TorrentLayout.BlockSize;
            _webSeeds.Add(new WebSeedSource(url, new WebSeedFetcher(WebSeedHttp.Shared, layout, fileUrls), picker, blocksPerPiece, _ctx.Time));
            Log.WebSeedAdded(_logger, Record.Name, url);
        }
    }

    private static bool EveryFileHasUrl(TorrentLayout layout, Uri?[] fileUrls)
    {
        for (var f = 0; f < fileUrls.Length; f++)
        {
            if (fileUrls[f] is null && !layout.Files[f].IsPadding)
            {
                return false;
            }
        }

        return true;
    }

    private async Task FetchFromWebSeedAsync(WebSeedSource seed, BlockRequest[] blocks)
    {
        string? failure = null;
        TimeSpan? retryAfter = null;
        try
        {
            var start = 0;
            for (var i = 1; i <= blocks.Length; i++)
            {
                // A run ends where the next block does not start right after the previous one.
                if (i < blocks.Length && IsNext(blocks[i - 1], blocks[i]))
                {
                    continue;
                }

                if (!await seed.Fetcher.FetchRunAsync(blocks.AsMemory(start, i - start), (block, data) => DeliverWebSeedBlockAsync(seed, block, data), _stop.Token).ConfigureAwait(false))
                {
                    break;
                }

                start = i;
            }
        }
        catch (WebSeedException ex)
        {
            failure = ex.Message;
            retryAfter = ex.RetryAfter;
        }
        catch (OperationCanceledException)
        {
            // The torrent stopped.
        }
#pragma warning disable CA1031 // Anything else (a disk error in the cache, a bug) rests the seed; the torrent goes on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            failure = ex.Message;
        }
        finally
        {
            lock (_gate)
            {
                seed.InFlight--;
                // Blocks it did not deliver go back to the pool (delivered ones are no longer outstanding).
                foreach (var block in blocks)
                {
                    _picker?.RequestRejected(seed.Picker, block);
                }

                if (seed.Dropped)
                {
                    AbandonPartialPieces(blocks);
                }

                if (failure is not null)
                {
                    seed.LastError = failure;
                    // Requests in flight together fail together: one failure for the back-off, not one each.
                    if (!seed.Backoff.IsWaiting)
                    {
                        var delay = seed.Backoff.Failed(retryAfter);
                        Log.WebSeedFailed(_logger, Record.Name, seed.Url, failure, delay.TotalSeconds);
                    }
                }
                else if (!_stop.IsCancellationRequested && !seed.Dropped)
                {
                    seed.Backoff.Succeeded();
                    seed.LastError = null;
                    // Straight on with the next run rather than waiting for the tick: a fast server is never idle.
                    PumpWebSeed(seed);
                }
            }
        }
    }

    private bool IsNext(BlockRequest previous, BlockRequest next) =>
        next.Piece == previous.Piece ? next.Offset == previous.Offset + previous.Length
            : next.Piece == previous.Piece + 1 && next.Offset == 0 && previous.Offset + previous.Length == _meta!.Layout.PieceSize(previous.Piece);

    // Like a peer's block: the picker first (endgame cancels to peers), then the write cache. False stops the fetch.
    private async ValueTask<bool> DeliverWebSeedBlockAsync(WebSeedSource seed, BlockRequest block, ReadOnlyMemory<byte> data)
    {
        BlockOutcome outcome;
        lock (_gate)
        {
            // Nothing more once the torrent is complete, stopping, or the seed was dropped.
            if (_picker is null || seed.Dropped || State != TorrentState.Downloading || _stop.IsCancellationRequested)
            {
                return false;
            }

            _cancels.Clear();
            outcome = _picker.BlockReceived(seed.Picker, block, _cancels);
            foreach (var cancel in _cancels)
            {
                if (_byPicker.TryGetValue(cancel.Peer, out var other))
                {
                    other.Connection.SendCancel(cancel.Block.Piece, cancel.Block.Offset, cancel.Block.Length);
                }
            }

            seed.Down.Add(block.Length);
        }

        if (outcome is BlockOutcome.Accepted or BlockOutcome.PieceComplete && _cache is not null)
        {
            // The cache copies the bytes before it completes, so the fetcher may reuse its buffer afterwards.
            await _cache.AddBlockAsync(block.Piece, block.Offset, data, seed, _stop.Token).ConfigureAwait(false);
        }

        return true;
    }

    // A dropped seed's fetch stopped mid-piece: its blocks of pieces not yet complete must not be finished by others
    // (the piece would fail and count against them), so those pieces start over from scratch.
    private void AbandonPartialPieces(BlockRequest[] blocks)
    {
        var previous = -1;
        foreach (var block in blocks)
        {
            if (block.Piece == previous)
            {
                continue;
            }

            previous = block.Piece;
            if (_picker is not null && !_picker.Have[block.Piece] && _cache?.Abandon(block.Piece) == true)
            {
                _picker.PieceVerified(block.Piece, passed: false);
            }
        }
    }

    /// <summary>
    /// Called from OnPieceHashed under the lock for each web seed among a failed piece's contributors: it counts
    /// against the seed, unless another contributor is already known to lie (a dropped seed, a banned peer).
    /// </summary>
    private void StrikeWebSeed(WebSeedSource seed, IReadOnlyList<object> contributors)
    {
        foreach (var other in contributors)
        {
            if (other is WebSeedSource { Dropped: true } liar && liar != seed || other is SwarmPeer peer && _banned.Contains(peer.Connection.Remote.Address))
            {
                return;
            }
        }

        if (seed.Dropped || ++seed.HashFailures < WebSeedSource.MaxHashFailures)
        {
            return;
        }

        seed.Dropped = true;
        seed.LastError = "sent data that failed the hash check";
        _picker?.RemovePeer(seed.Picker);
        Log.WebSeedDropped(_logger, Record.Name, seed.Url, seed.HashFailures);
    }

    /// <summary>The web seeds for the sources view: client "web seed", progress 1, flags W (B resting, X dropped).</summary>
    private IEnumerable<TorrentPeerView> WebSeedViews() =>
        _webSeeds.Select(s => new TorrentPeerView(
            s.Url,
            "web seed",
            1,
            s.Down.Rate,
            0,
            "W" + (s.Dropped ? "X" : s.Backoff.IsWaiting ? "B" : "")));

    private long WebSeedBytesPending() => _webSeeds.Sum(s => s.Down.Pending);
}
