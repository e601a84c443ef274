using System.Buffers;
using HomeTelco.Torrent.Pieces;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent.Storage;

/// <summary>
/// One torrent's write cache. Blocks from peers are held in pooled 16 KiB buffers until their piece is complete;
/// the piece is then hashed on a <see cref="HashingQueue"/> worker and written only if it verifies.
/// <para>
/// Why hold rather than write as blocks arrive: a verified-only write never puts a liar's bytes on disk, costs one
/// run of pwrites per piece instead of one per block, and needs no read-back to hash, which on a router's SD card or
/// USB disk is the slow part. The price is memory, so it is bounded by the shared <see cref="BlockBufferPool"/>
/// (TorrentDiskCacheMb): when the budget is spent, a block is written straight to its place on disk instead
/// ("spilled", off the caller's thread) and read back when its piece is hashed. That keeps a 4 MiB router cache
/// working even for pieces larger than the whole cache; spilled bytes only ever land in pieces we do not have,
/// so a bad spilled block costs a re-download of that piece, never a good piece.
/// </para>
/// </summary>
internal sealed class PieceWriteCache<TPeer> : IDisposable
    where TPeer : notnull
{
    private readonly TorrentStorage _storage;
    private readonly TorrentLayout _layout;
    private readonly IPieceVerifier _verifier;
    private readonly VerifiedPieces _verified;
    private readonly BlockBufferPool _buffers;
    private readonly HashingQueue _hashing;
    private readonly Action<PieceHashResult<TPeer>> _onHashed;
    private readonly ILogger _logger;
    private readonly Lock _piecesLock = new();
    private readonly Dictionary<int, PendingPiece<TPeer>> _pieces = [];

    /// <summary><paramref name="onHashed"/> is called on a hashing worker with every completed piece's outcome; it must not block.</summary>
    public PieceWriteCache(
        TorrentStorage storage,
        IPieceVerifier verifier,
        VerifiedPieces verified,
        BlockBufferPool buffers,
        HashingQueue hashing,
        Action<PieceHashResult<TPeer>> onHashed,
        ILogger logger)
    {
        _storage = storage;
        _layout = storage.Layout;
        _verifier = verifier;
        _verified = verified;
        _buffers = buffers;
        _hashing = hashing;
        _onHashed = onHashed;
        _logger = logger;
    }

    /// <summary>Pieces with at least one block held.</summary>
    public int PendingPieces
    {
        get
        {
            lock (_piecesLock)
            {
                return _pieces.Count;
            }
        }
    }

    /// <summary>
    /// Takes a block a peer sent. Copies <paramref name="data"/> before returning (the caller may reuse it). Waits only
    /// when the block must be spilled to disk or the hashing queue is full.
    /// </summary>
    public async ValueTask<BlockAddResult> AddBlockAsync(int piece, int offset, ReadOnlyMemory<byte> data, TPeer from, CancellationToken cancellationToken)
    {
        if ((uint)piece >= (uint)_layout.PieceCount)
        {
            return BlockAddResult.Invalid;
        }

        var size = _layout.PieceSize(piece);
        if (offset < 0 || offset % TorrentLayout.BlockSize != 0 || offset >= size || data.Length != Math.Min(TorrentLayout.BlockSize, size - offset))
        {
            return BlockAddResult.Invalid;
        }

        if (_verified.Has(piece))
        {
            return BlockAddResult.AlreadyHave;
        }

        var block = offset / TorrentLayout.BlockSize;
        PendingPiece<TPeer> pending;
        var complete = false;
        var spill = false;
        lock (_piecesLock)
        {
            // Again under the lock: a worker sets the bit before it drops the piece from the table, so a piece missing
            // from the table here is either new or verified. Without this a late block could be spilled over good data.
            if (_verified.Has(piece))
            {
                return BlockAddResult.AlreadyHave;
            }

            if (!_pieces.TryGetValue(piece, out pending!))
            {
                pending = new PendingPiece<TPeer>(_layout.BlockCount(piece));
                _pieces.Add(piece, pending);
            }

            if (pending.Hashing || pending.States[block] != PendingPiece<TPeer>.BlockState.Missing)
            {
                return BlockAddResult.Duplicate;
            }

            pending.Contributors[block] = from;
            if (_buffers.TryRent() is { } buffer)
            {
                data.Span.CopyTo(buffer);
                pending.Buffers[block] = buffer;
                pending.States[block] = PendingPiece<TPeer>.BlockState.InMemory;
                pending.Received++;
                complete = MarkHashingIfComplete(pending);
            }
            else
            {
                pending.States[block] = PendingPiece<TPeer>.BlockState.Spilling;
                pending.Spilled = true;
                spill = true;
            }
        }

        if (spill)
        {
            try
            {
                await _storage.WriteAsync(piece, offset, data, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                lock (_piecesLock)
                {
                    pending.States[block] = PendingPiece<TPeer>.BlockState.Missing;
                    pending.Contributors[block] = default!;
                }

                throw;
            }

            lock (_piecesLock)
            {
                pending.States[block] = PendingPiece<TPeer>.BlockState.OnDisk;
                pending.Received++;
                complete = !pending.Abandoned && MarkHashingIfComplete(pending);
            }
        }

        if (!complete)
        {
            return BlockAddResult.Accepted;
        }

        try
        {
            await _hashing.EnqueueAsync(new HashJob(this, piece, pending), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Never queued: drop the piece so its buffers come back and it can be fetched again.
            lock (_piecesLock)
            {
                Remove(piece, pending);
            }

            throw;
        }

        return BlockAddResult.PieceComplete;
    }

    /// <summary>
    /// Drops a piece still being collected (its peers went away and the picker gives it to others from scratch).
    /// False when there is no such piece or it is already being hashed.
    /// </summary>
    public bool Abandon(int piece)
    {
        lock (_piecesLock)
        {
            if (!_pieces.TryGetValue(piece, out var pending) || pending.Hashing)
            {
                return false;
            }

            Remove(piece, pending);
            return true;
        }
    }

    /// <summary>Drops every piece still being collected (the torrent stops); pieces being hashed finish.</summary>
    public void Dispose()
    {
        lock (_piecesLock)
        {
            foreach (var (piece, pending) in _pieces.ToList())
            {
                if (!pending.Hashing)
                {
                    Remove(piece, pending);
                }
            }
        }
    }

    private static bool MarkHashingIfComplete(PendingPiece<TPeer> pending)
    {
        if (!pending.IsComplete)
        {
            return false;
        }

        pending.Hashing = true;
        return true;
    }

    /// <summary>Forgets a piece and returns its buffers. Caller holds the lock.</summary>
    private void Remove(int piece, PendingPiece<TPeer> pending)
    {
        pending.Abandoned = true;
        if (_pieces.TryGetValue(piece, out var current) && ReferenceEquals(current, pending))
        {
            _pieces.Remove(piece);
        }

        for (var i = 0; i < pending.Buffers.Length; i++)
        {
            if (pending.Buffers[i] is { } buffer)
            {
                pending.Buffers[i] = null;
                _buffers.Return(buffer);
            }
        }
    }

    /// <summary>Runs on a hashing worker: assemble, verify, write, report.</summary>
    private void Hash(int piece, PendingPiece<TPeer> pending)
    {
        var size = _layout.PieceSize(piece);
        var whole = ArrayPool<byte>.Shared.Rent(size);
        PieceOutcome outcome;
        BlockDigest<TPeer>[]? failedBlocks = null;
        try
        {
            var assembled = Assemble(piece, pending, whole.AsSpan(0, size));
            outcome = assembled && _verifier.Verify(piece, whole.AsSpan(0, size))
                ? Store(piece, pending, whole.AsSpan(0, size))
                : PieceOutcome.HashFailed;
            if (outcome == PieceOutcome.HashFailed && assembled)
            {
                failedBlocks = DigestBlocks(pending, whole.AsSpan(0, size));
            }
        }
        catch (IOException ex)
        {
            Log.PieceWriteFailed(_logger, piece, _storage.Folder, ex);
            outcome = PieceOutcome.DiskError;
        }
        catch (UnauthorizedAccessException ex)
        {
            Log.PieceWriteFailed(_logger, piece, _storage.Folder, ex);
            outcome = PieceOutcome.DiskError;
        }
        catch (Exception ex)
        {
            // A verifier or storage bug: still give the buffers back and let the piece be fetched again.
            Log.HashJobCrashed(_logger, ex);
            outcome = PieceOutcome.DiskError;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(whole);
        }

        TPeer[] contributors;
        lock (_piecesLock)
        {
            contributors = [.. pending.Contributors.Distinct()];
            Remove(piece, pending);
        }

        if (outcome == PieceOutcome.HashFailed)
        {
            Log.PieceHashFailed(_logger, piece, _storage.Folder, contributors.Length);
        }

        try
        {
            _onHashed(new PieceHashResult<TPeer>(piece, outcome, contributors, failedBlocks));
        }
        catch (Exception ex)
        {
            Log.PieceCallbackFailed(_logger, _storage.Folder, ex);
        }
    }

    // Who sent each block of a piece that failed, and a digest of it. Contributors are read before the piece is removed.
    private static BlockDigest<TPeer>[] DigestBlocks(PendingPiece<TPeer> pending, ReadOnlySpan<byte> whole)
    {
        var blocks = new BlockDigest<TPeer>[pending.States.Length];
        for (var block = 0; block < blocks.Length; block++)
        {
            var offset = block * TorrentLayout.BlockSize;
            blocks[block] = new BlockDigest<TPeer>(pending.Contributors[block], BlockDigest<TPeer>.Of(whole.Slice(offset, Math.Min(TorrentLayout.BlockSize, whole.Length - offset))));
        }

        return blocks;
    }

    /// <summary>Copies the held blocks and reads back the spilled ones. False when a spilled block cannot be read.</summary>
    private bool Assemble(int piece, PendingPiece<TPeer> pending, Span<byte> whole)
    {
        // No lock needed: a piece marked Hashing is never changed by anyone but this worker.
        for (var block = 0; block < pending.States.Length; block++)
        {
            var offset = block * TorrentLayout.BlockSize;
            var target = whole.Slice(offset, Math.Min(TorrentLayout.BlockSize, whole.Length - offset));
            if (pending.Buffers[block] is { } buffer)
            {
                buffer.AsSpan(0, target.Length).CopyTo(target);
            }
            else if (!_storage.TryRead(piece, offset, target))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Writes what is not on disk yet, then marks the piece verified: the bit is set only once the bytes are down.</summary>
    private PieceOutcome Store(int piece, PendingPiece<TPeer> pending, ReadOnlySpan<byte> whole)
    {
        if (!pending.Spilled)
        {
            _storage.Write(piece, 0, whole);
        }
        else
        {
            for (var block = 0; block < pending.States.Length; block++)
            {
                if (pending.Buffers[block] is not null)
                {
                    var offset = block * TorrentLayout.BlockSize;
                    _storage.Write(piece, offset, whole.Slice(offset, Math.Min(TorrentLayout.BlockSize, whole.Length - offset)));
                }
            }
        }

        _verified.Set(piece);
        return PieceOutcome.Verified;
    }

    private sealed class HashJob(PieceWriteCache<TPeer> owner, int piece, PendingPiece<TPeer> pending) : IHashJob
    {
        public void Run() => owner.Hash(piece, pending);
    }
}
