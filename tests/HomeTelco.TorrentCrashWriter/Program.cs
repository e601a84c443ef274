using HomeTelco.Core.Store;
using HomeTelco.Tests;
using HomeTelco.Torrent.Resume;
using HomeTelco.Torrent.Storage;
using Microsoft.Extensions.Logging.Abstractions;

// Usage: HomeTelco.TorrentCrashWriter <data-dir> <download-dir> <torrent-file> <source-dir> <seed>
// Resumes the torrent from the store, then feeds every missing piece, block by block, from the original files in
// <source-dir> through the write cache (hashing workers, a small budget so blocks also spill to disk) and saves resume
// data every 50 ms, until killed or complete. Prints what it did, line by line, for the test to follow:
//   restored <n> | verified <piece> | saving | saved | done
var dataDir = args[0];
var downloadDir = args[1];
var torrent = TestTorrentFile.Read(args[2]);
var sourceDir = args[3];
var random = new Random(int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture));
var output = TextWriter.Synchronized(Console.Out);
var logger = NullLogger.Instance;

using var store = HomeStore.Open(dataDir);
var resume = new TorrentResumeStore(store);
using var storage = new TorrentStorage(torrent.Layout, downloadDir, maxOpenFiles: 2);
using var source = new TorrentStorage(torrent.Layout, sourceDir);
var verifier = torrent.Verifier();
var verified = new VerifiedPieces(torrent.Layout.PieceCount);
await ResumeRestorer.RestoreAsync(resume, torrent.InfoHash, storage, verifier, verified, parallelism: 2, progress: null, logger, CancellationToken.None);
var saver = new ResumeSaver(resume, torrent.InfoHash, storage, verified, TimeProvider.System, TimeSpan.FromMilliseconds(50), logger);
saver.Save(cleanStop: false);
Say($"restored {verified.Count}");

var failed = new System.Collections.Concurrent.ConcurrentQueue<int>();
await using var hashing = new HashingQueue(workers: 2, capacity: 8, logger);
hashing.Start();
using var cache = new PieceWriteCache<string>(storage, verifier, verified, new BlockBufferPool(6 * TorrentLayout.BlockSize), hashing, result =>
{
    if (result.Passed)
    {
        saver.MarkDirty();
        Say($"verified {result.Piece}");
    }
    else
    {
        failed.Enqueue(result.Piece);
    }
}, logger);

var todo = Enumerable.Range(0, torrent.Layout.PieceCount).Where(p => !verified.Has(p)).OrderBy(_ => random.Next()).ToList();
var block = new byte[TorrentLayout.BlockSize];
var deadline = DateTime.UtcNow.AddMinutes(2);
while (!verified.IsComplete && DateTime.UtcNow < deadline)
{
    foreach (var piece in todo)
    {
        for (var offset = 0; offset < torrent.Layout.PieceSize(piece); offset += TorrentLayout.BlockSize)
        {
            var data = block.AsMemory(0, Math.Min(TorrentLayout.BlockSize, torrent.Layout.PieceSize(piece) - offset));
            if (!source.TryRead(piece, offset, data.Span))
            {
                throw new InvalidOperationException($"source piece {piece} unreadable");
            }

            await cache.AddBlockAsync(piece, offset, data, offset % (2 * TorrentLayout.BlockSize) == 0 ? "even" : "odd", CancellationToken.None);

            // Paced like a fast peer on a LAN, so the test's SIGKILL lands in the middle of the download, not after it.
            await Task.Delay(1);
        }

        SaveIfDue();
    }

    todo.Clear();
    while (failed.TryDequeue(out var piece))
    {
        todo.Add(piece);
    }

    if (todo.Count == 0)
    {
        // Waiting for the last pieces to be hashed (bounded by the deadline).
        await Task.Delay(10);
        SaveIfDue();
    }
}

if (!verified.IsComplete)
{
    throw new TimeoutException("the torrent did not complete");
}

storage.CreateEmptyFiles();
saver.Save(cleanStop: true);
Say("done");
return 0;

void SaveIfDue()
{
    Say("saving");
    if (saver.SaveIfDue())
    {
        Say("saved");
    }
}

// Synchronised and flushed line by line: the test reads each line as it comes, and the process may die any moment.
void Say(string line)
{
    output.WriteLine(line);
    output.Flush();
}
