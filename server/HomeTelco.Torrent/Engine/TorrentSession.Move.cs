using HomeTelco.Torrent.Metainfo;
using HomeTelco.Torrent.Resume;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Engine;

/// <summary>Move on completion: a torrent downloaded into the incomplete folder moves its files to the downloads folder.</summary>
internal sealed partial class TorrentSession
{
    private bool _movePending;

    /// <summary>Closes every peer and waits (at most 5 s) until their connections have let go.</summary>
    private async Task ClosePeersAsync(string reason)
    {
        List<SwarmPeer> peers;
        lock (_gate)
        {
            peers = [.. _peers.Values];
        }

        foreach (var peer in peers)
        {
            peer.Connection.Close(reason);
        }

        try
        {
            await Task.WhenAll(peers.Select(p => p.Connection.Completion)).WaitAsync(TimeSpan.FromSeconds(5), _ctx.Time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A peer that does not let go in time is abandoned; its socket is already closed.
        }
    }

    /// <summary>Storage and everything reading or writing through it; called under the lock.</summary>
    private void AttachStorage(TorrentStorage storage, VerifiedPieces verified)
    {
        _cache?.Dispose();
        _storage?.Dispose();
        _storage = storage;
        _verified = verified;
        _reader = new PieceReader(storage, verified);
        _cache = new PieceWriteCache<object>(storage, _meta!.Verifier, verified, _ctx.Buffers, _ctx.Hashing, OnPieceHashed, _logger);
        _saver = new ResumeSaver(_ctx.Resume, InfoHash, storage, verified, _ctx.Time, TimeSpan.FromSeconds(30), _logger);
        _saver.Save(cleanStop: false);
    }

    // Runs between ticks once the last piece is verified: peers are let go (they come back, and the files are read from
    // the new place), the files move off the lock, and storage reopens on the downloads folder.
    private async Task MoveWhenCompleteAsync(CancellationToken cancellationToken)
    {
        if (!_movePending)
        {
            return;
        }

        _movePending = false;
        var from = Record.SavePath;
        var to = Record.CompletedPath!;
        SetState(TorrentState.Moving);
        await ClosePeersAsync("moving the finished files").ConfigureAwait(false);
        lock (_gate)
        {
            _storage!.CloseFiles();
        }

        var moved = await Task.Run(() => TryMove(_meta!, from, to), cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            if (moved)
            {
                Record.SavePath = to;
                AttachStorage(new TorrentStorage(_meta!.Layout, to), _verified!);
            }

            SetState(TorrentState.Seeding);
        }
    }

    // After a crash in the middle of a move (or before it began), the record says complete and still names the old
    // folder: finish the move before the files are opened, so nothing is re-downloaded and nothing stays behind.
    private void FinishInterruptedMove(TorrentMetainfo meta)
    {
        if (Record.CompletedAt is not null && Record.CompletedPath is { } to && !SameFolder(to, Record.SavePath) && TryMove(meta, Record.SavePath, to))
        {
            Record.SavePath = to;
            Changed?.Invoke(this);
        }
    }

    private bool TryMove(TorrentMetainfo meta, string from, string to)
    {
        try
        {
            TorrentMover.Move(meta.Layout, from, to);
            Log.TorrentMoved(_logger, Record.Name, from, to);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or TorrentPathException)
        {
            // The files are whole where they are: seed from there rather than stop, and do not try again.
            Log.TorrentMoveFailed(_logger, Record.Name, to, ex.Message);
            Record.CompletedPath = null;
            return false;
        }
    }

    private static bool SameFolder(string a, string b) =>
        string.Equals(Path.GetFullPath(a).TrimEnd(Path.DirectorySeparatorChar), Path.GetFullPath(b).TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal);
}
