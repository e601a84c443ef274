using System.Buffers;
using HomeTelco.Torrent.Picking;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Engine;

/// <summary>The transfer side of a session: the tick, requests, uploads, hash results and choking.</summary>
internal sealed partial class TorrentSession
{
    private const int ChokeEveryTicks = 10;
    private const int PexEveryTicks = 60;
    private const int MaxPickPerCall = 64;
    private const int StarvedAnnounceTicks = 30;

    private void Tick()
    {
        _ticks++;
        List<Picking.PeerBlock> expired = [];
        List<SwarmPeer> uploaders;
        lock (_gate)
        {
            foreach (var peer in _peers.Values)
            {
                // Totals count what moved this second, so peers that leave take nothing away with them.
                Record.Downloaded += peer.Down.Tick();
                Record.Uploaded += peer.Up.Tick();
                peer.Choke.DownloadRate = peer.Down.Rate;
                peer.Choke.UploadRate = peer.Up.Rate;
                if (peer.Picker is not null)
                {
                    peer.Picker.DownloadRate = peer.Down.Rate;
                }
            }

            DownloadRate = _peers.Values.Sum(p => p.Down.Rate);
            UploadRate = _peers.Values.Sum(p => p.Up.Rate);
            DownloadRate += TickWebSeeds();

            if (_picker is not null)
            {
                _picker.ExpireRequests(expired);
                foreach (var cancel in expired)
                {
                    if (_byPicker.TryGetValue(cancel.Peer, out var slow))
                    {
                        slow.Connection.SendCancel(cancel.Block.Piece, cancel.Block.Offset, cancel.Block.Length);
                    }
                }

                foreach (var peer in _peers.Values)
                {
                    UpdateInterest(peer);
                    RequestMore(peer);
                }

                PumpWebSeeds();

                if (_ticks % ChokeEveryTicks == 1)
                {
                    Rechoke();
                }

                _saver?.SaveIfDue();
                ApplySeedingRules();
            }
            else
            {
                RequestMetadata();
            }

            if (_ticks % PexEveryTicks == 0 && !IsPrivate)
            {
                SendPex();
            }

            uploaders = [.. _peers.Values.Where(p => p.Uploads.Count > 0)];
        }

        foreach (var peer in uploaders)
        {
            ServeUploads(peer);
        }

        DialMore();
        AnnounceToDhtWhenDue();
        AnnounceWhenStarved();
    }

    // With nobody to trade with, ask the trackers again (every 30 s at most, and never sooner than their "min
    // interval") rather than waiting out their interval. A lone seeder does this too: leechers that arrive after its
    // first announce may never dial it (Transmission refuses to dial loopback and other "martian" addresses, NAT hides
    // others), so the seeder must learn of them and dial them. Peers found reach the session through PeersFound.
    private void AnnounceWhenStarved()
    {
        if (_trackers is null || State is not (TorrentState.Downloading or TorrentState.FetchingMetadata or TorrentState.Seeding) || _ticks % StarvedAnnounceTicks != 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_peers.Count > 0 || _candidates.Count > 0 || _dialsInFlight > 0)
            {
                return;
            }
        }

        _trackers.RequestEarlyAnnounce();
    }

    // Keeps the peer's request queue full, paced by the download limit; blocks the limit refuses go back to the pool.
    private void RequestMore(SwarmPeer peer)
    {
        if (peer.Picker is null || _picker is null || _down is null || State != TorrentState.Downloading)
        {
            return;
        }

        Span<BlockRequest> picked = stackalloc BlockRequest[MaxPickPerCall];
        var count = _picker.Pick(peer.Picker, picked);
        for (var i = 0; i < count; i++)
        {
            var block = picked[i];
            if (!_down.TryTake(block.Length) || !peer.Connection.SendRequest(block.Piece, block.Offset, block.Length))
            {
                for (var j = i; j < count; j++)
                {
                    _picker.RequestRejected(peer.Picker, picked[j]);
                }

                return;
            }
        }
    }

    private void QueueUpload(SwarmPeer peer, BlockRequest block)
    {
        var allowed = !peer.Connection.AmChoking && _verified is not null && _verified.Has(block.Piece)
            && block.Length is > 0 and <= TorrentLayout.BlockSize && peer.Uploads.Count < SwarmPeer.MaxQueuedUploads;
        if (!allowed)
        {
            // BEP 6: a fast peer is told; without it the request is silently dropped, as BEP 3 expects of a choked peer.
            peer.Connection.SendReject(block.Piece, block.Offset, block.Length);
            return;
        }

        peer.Uploads.Enqueue(block);
        _ = Task.Run(() => ServeUploads(peer));
    }

    private static void RemoveQueuedUpload(SwarmPeer peer, BlockRequest block)
    {
        if (peer.Uploads.Contains(block))
        {
            var kept = peer.Uploads.Where(b => b != block).ToList();
            peer.Uploads.Clear();
            foreach (var b in kept)
            {
                peer.Uploads.Enqueue(b);
            }
        }
    }

    // Reads and sends the peer's queued blocks while the upload limit allows; the disk read happens outside the lock.
    private void ServeUploads(SwarmPeer peer)
    {
        while (true)
        {
            BlockRequest block;
            lock (_gate)
            {
                if (peer.Uploads.Count == 0 || _reader is null || _up is null || !_up.TryTake(peer.Uploads.Peek().Length))
                {
                    return;
                }

                block = peer.Uploads.Dequeue();
            }

            var buffer = ArrayPool<byte>.Shared.Rent(block.Length);
            var read = _reader.Read(block.Piece, block.Offset, buffer.AsSpan(0, block.Length));
            if (read != BlockReadResult.Read || !peer.Connection.SendPiece(block.Piece, block.Offset, buffer.AsMemory(0, block.Length), buffer))
            {
                ArrayPool<byte>.Shared.Return(buffer);
                peer.Connection.SendReject(block.Piece, block.Offset, block.Length);
                continue;
            }

            peer.Up.Add(block.Length);
        }
    }

    // Called on a hashing worker when a complete piece was checked.
    private void OnPieceHashed(PieceHashResult<object> result)
    {
        lock (_gate)
        {
            if (_picker is null)
            {
                return;
            }

            switch (result.Outcome)
            {
                case PieceOutcome.Verified:
                    _picker.PieceVerified(result.Piece, passed: true);
                    foreach (var peer in _peers.Values)
                    {
                        peer.Connection.SendHave(result.Piece);
                    }

                    _saver?.MarkDirty();
                    ClearBlameWhenPassed(result.Piece);
                    if (_picker.IsFinished && State == TorrentState.Downloading)
                    {
                        Completed();
                    }

                    break;
                case PieceOutcome.HashFailed:
                    _picker.PieceVerified(result.Piece, passed: false);
                    _hashFailures++;
                    Log.PieceFailed(_logger, Record.Name, result.Piece, result.Contributors.Count);
                    foreach (var seed in result.Contributors.OfType<WebSeeds.WebSeedSource>())
                    {
                        StrikeWebSeed(seed, result.Contributors);
                    }

                    BlameFailedPiece(result);

                    break;
                default:
                    _picker.PieceVerified(result.Piece, passed: false);
                    if (++_diskErrors >= 3)
                    {
                        Error = $"Writing to {Record.SavePath} keeps failing (disk full, read-only or gone).";
                        SetState(TorrentState.Error);
                        _ = _stop.CancelAsync();
                    }

                    break;
            }
        }
    }

    private void Completed()
    {
        Record.CompletedAt = _ctx.Time.GetUtcNow();
        foreach (var peer in _peers.Values)
        {
            Record.Downloaded += peer.Down.Tick();
            Record.Uploaded += peer.Up.Tick();
        }

        _saver?.Save(cleanStop: false);
        _storage?.Flush();
        _trackers?.MarkCompleted();
        // Seeding only once the files are where they belong: a finished torrent still in the incomplete folder is Moving.
        _movePending = Record.CompletedPath is { } target && !SameFolder(target, Record.SavePath);
        SetState(_movePending ? TorrentState.Moving : TorrentState.Seeding);
        foreach (var peer in _peers.Values.Where(p => p.Connection.PeerIsSeed).ToList())
        {
            peer.Connection.Close("both sides are seeds");
        }
    }

    // Seeding stops at the ratio or after the seeding time, whichever comes first (0 turns a rule off).
    private void ApplySeedingRules()
    {
        if (State != TorrentState.Seeding)
        {
            _seedingSince = null;
            return;
        }

        var now = _ctx.Time.GetUtcNow();
        _seedingSince ??= (now, Record.SeedingSeconds);
        Record.SeedingSeconds = _seedingSince.Value.BaseSeconds + (long)(now - _seedingSince.Value.Since).TotalSeconds;

        var basis = Math.Max(Record.Downloaded, WantedBytes());
        var ratioReached = Record.SeedRatio > 0 && basis > 0 && (double)Record.Uploaded / basis >= Record.SeedRatio;
        var timeReached = Record.SeedMinutes > 0 && Record.SeedingSeconds >= Record.SeedMinutes * 60;
        if (ratioReached || timeReached)
        {
            Record.Finished = true;
            SetState(TorrentState.Finished);
            _ = _stop.CancelAsync();
        }
    }

    private void Rechoke()
    {
        if (_choker is null)
        {
            return;
        }

        var peers = _peers.Values.ToList();
        _choker.Recalculate([.. peers.Select(p => p.Choke)], seeding: State == TorrentState.Seeding);
        foreach (var peer in peers)
        {
            if (peer.Choke.IsUnchoked && peer.Connection.AmChoking)
            {
                peer.Connection.SendUnchoke();
            }
            else if (!peer.Choke.IsUnchoked && !peer.Connection.AmChoking)
            {
                peer.Connection.SendChoke();
                foreach (var dropped in peer.Uploads)
                {
                    peer.Connection.SendReject(dropped.Piece, dropped.Offset, dropped.Length);
                }

                peer.Uploads.Clear();
            }
        }
    }

    private void AnnounceToDhtWhenDue()
    {
        if (_ctx.Dht is not { } dht || IsPrivate || _ctx.Time.GetUtcNow() < _nextDhtAnnounce || State is TorrentState.Checking)
        {
            return;
        }

        _nextDhtAnnounce = _ctx.Time.GetUtcNow() + DhtAnnounceInterval;
        _ = Task.Run(async () =>
        {
            try
            {
                var (peers, _) = await dht.AnnounceAsync(InfoHash, _ctx.ListenPort, _stop.Token).ConfigureAwait(false);
                AddCandidates(peers);
                if (peers.Count == 0)
                {
                    // Nothing yet: ask again soon rather than in fifteen minutes.
                    _nextDhtAnnounce = _ctx.Time.GetUtcNow() + TimeSpan.FromMinutes(1);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });
    }

    private long WantedBytes()
    {
        if (_meta is null)
        {
            return 0;
        }

        long total = 0;
        for (var i = 0; i < _meta.Files.Count; i++)
        {
            if (!_meta.Files[i].IsPadding && FilePriorityOf(i) != FilePriority.Skip)
            {
                total += _meta.Files[i].Length;
            }
        }

        return total;
    }

    private long VerifiedWantedBytes()
    {
        if (_meta is null || _verified is null)
        {
            return 0;
        }

        long total = 0;
        for (var i = 0; i < _meta.Files.Count; i++)
        {
            if (!_meta.Files[i].IsPadding && FilePriorityOf(i) != FilePriority.Skip)
            {
                total += VerifiedBytesOf(_meta.Files[i]);
            }
        }

        return total;
    }

    private long VerifiedBytesOf(Metainfo.TorrentFile file)
    {
        if (_verified is null || _meta is null || file.Length == 0)
        {
            return 0;
        }

        long have = 0;
        var pieceLength = (long)_meta.PieceLength;
        var first = (int)(file.Offset / pieceLength);
        var last = (int)((file.Offset + file.Length - 1) / pieceLength);
        for (var piece = first; piece <= last; piece++)
        {
            if (_verified.Has(piece))
            {
                var start = Math.Max(file.Offset, piece * pieceLength);
                var end = Math.Min(file.Offset + file.Length, (piece + 1) * pieceLength);
                have += end - start;
            }
        }

        return have;
    }

    private FilePriority FilePriorityOf(int file) =>
        file < Record.FilePriorities.Length ? (FilePriority)Record.FilePriorities[file] : FilePriority.Normal;
}
