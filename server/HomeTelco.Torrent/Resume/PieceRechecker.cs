using System.Buffers;
using HomeTelco.Torrent.Pieces;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.Resume;

/// <summary>
/// Hashes pieces from disk and marks the good ones verified: the re-check after an unclean stop or a changed file.
/// At most <c>parallelism</c> pieces are in flight (each worker holds one piece-sized pooled buffer), on dedicated
/// threads so a long re-check never starves the thread pool the network runs on.
/// </summary>
internal static class PieceRechecker
{
    /// <summary>Re-checks <paramref name="pieces"/>; returns how many verified. Progress is reported after every piece.</summary>
    public static async Task<int> RecheckAsync(
        TorrentStorage storage,
        IPieceVerifier verifier,
        VerifiedPieces verified,
        IReadOnlyList<int> pieces,
        int parallelism,
        IProgress<RecheckProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(verifier);
        ArgumentNullException.ThrowIfNull(verified);
        ArgumentNullException.ThrowIfNull(pieces);
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        if (pieces.Count == 0)
        {
            return 0;
        }

        var next = -1;
        var done = 0;
        var good = 0;
        var layout = storage.Layout;
        void Work()
        {
            var buffer = ArrayPool<byte>.Shared.Rent(layout.PieceLength);
            try
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < pieces.Count)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var piece = pieces[index];
                    var data = buffer.AsSpan(0, layout.PieceSize(piece));
                    bool ok;
                    try
                    {
                        ok = storage.TryRead(piece, 0, data) && verifier.Verify(piece, data);
                    }
                    catch (IOException)
                    {
                        // Unreadable (a disk error, or a path refused): not verified, fetch it again.
                        ok = false;
                    }

                    if (ok)
                    {
                        verified.Set(piece);
                        Interlocked.Increment(ref good);
                    }
                    else
                    {
                        verified.Clear(piece);
                    }

                    var checkedNow = Interlocked.Increment(ref done);
                    progress?.Report(new RecheckProgress(checkedNow, pieces.Count, Volatile.Read(ref good)));
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        var workers = new Task[Math.Min(parallelism, pieces.Count)];
        for (var i = 0; i < workers.Length; i++)
        {
            workers[i] = Task.Factory.StartNew(Work, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        }

        await Task.WhenAll(workers).ConfigureAwait(false);
        return good;
    }
}
