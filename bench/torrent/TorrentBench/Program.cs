using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using HomeTelco.Core.Store;
using HomeTelco.Torrent.Engine;
using Microsoft.Extensions.Logging.Abstractions;

// Usage (bench/torrent/run.sh drives it; every mode prints exactly one result line on stdout):
//   TorrentBench download <file.torrent> <downloads-dir> <store-dir> [timeout-s]  -> "complete seconds=S bytes=B"
//   TorrentBench recheck  <file.torrent> <downloads-dir> <store-dir> [timeout-s]  -> "recheck seconds=S bytes=B"
//   TorrentBench sha1     <dir>                                                  -> "sha1 seconds=S bytes=B"
//   TorrentBench memory   <torrents-dir> <downloads-dir> <store-dir> [timeout-s] -> "memory torrents=N rss_kb=R private_dirty_kb=P"
//     (memory with an empty torrents-dir is the idle baseline)
// Exit code 0 on success, 1 on timeout or error (the message goes to stderr).
return await Bench.RunAsync(args).ConfigureAwait(false);

internal static class Bench
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            var timeout = TimeSpan.FromSeconds(args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 3600);
            switch (args.FirstOrDefault())
            {
                case "download" when args.Length >= 4:
                    await TimeToSeedingAsync("complete", args[1], args[2], args[3], timeout).ConfigureAwait(false);
                    return 0;
                case "recheck" when args.Length >= 4:
                    await TimeToSeedingAsync("recheck", args[1], args[2], args[3], timeout).ConfigureAwait(false);
                    return 0;
                case "sha1" when args.Length >= 2:
                    Sha1(args[1]);
                    return 0;
                case "memory" when args.Length >= 4:
                    await MemoryAsync(args[1], args[2], args[3], timeout).ConfigureAwait(false);
                    return 0;
                default:
                    await Console.Error.WriteLineAsync("usage: see the head of bench/torrent/TorrentBench/Program.cs").ConfigureAwait(false);
                    return 2;
            }
        }
        catch (Exception e) when (e is TimeoutException or IOException or InvalidOperationException or FormatException)
        {
            await Console.Error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return 1;
        }
    }

    // The engine as the box runs it but on 127.0.0.1, DHT off, its own store; port 0 lets the OS pick.
    private static async Task<(TorrentEngine Engine, HomeStore Store)> StartAsync(string downloads, string storeDir, int maxActive)
    {
        Directory.CreateDirectory(downloads);
        Directory.CreateDirectory(storeDir);
        var store = HomeStore.Open(storeDir);
        var engine = new TorrentEngine(
            new TorrentEngineOptions
            {
                ListenAddress = IPAddress.Loopback,
                Port = 0,
                DownloadsDir = downloads,
                DhtEnabled = false,
                DhtBootstrapNodes = [],
                MaxActiveTorrents = maxActive,
            },
            store,
            null,
            TimeProvider.System,
            NullLoggerFactory.Instance);
        await engine.StartAsync(CancellationToken.None).ConfigureAwait(false);
        await engine.Started.WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        return (engine, store);
    }

    private static async Task StopAsync(TorrentEngine engine, HomeStore store)
    {
        await engine.StopAsync(CancellationToken.None).ConfigureAwait(false);
        engine.Dispose();
        store.Dispose();
    }

    // Download: the clock runs from AddAsync to Seeding. Recheck: the data is already in downloads and the store is
    // fresh (no resume data), so the engine hashes every piece from disk before it may seed.
    private static async Task TimeToSeedingAsync(string label, string torrentPath, string downloads, string storeDir, TimeSpan timeout)
    {
        var (engine, store) = await StartAsync(downloads, storeDir, 4).ConfigureAwait(false);
        try
        {
            var bytes = await File.ReadAllBytesAsync(torrentPath).ConfigureAwait(false);
            var clock = Stopwatch.StartNew();
            var view = await engine.AddAsync(new TorrentAddRequest { Metainfo = bytes }, CancellationToken.None).ConfigureAwait(false);
            TorrentView? last = view;
            var checkingSeen = view.State == TorrentState.Checking;
            while (clock.Elapsed < timeout)
            {
                last = engine.Find(view.Id)?.Summary;
                checkingSeen |= last?.State == TorrentState.Checking;
                if (last?.State is TorrentState.Seeding or TorrentState.Finished)
                {
                    // downloaded > 0 on a re-check would mean pieces failed and came from the seeder: not a hashing time.
                    Console.WriteLine(FormattableString.Invariant($"{label} seconds={clock.Elapsed.TotalSeconds:F2} bytes={last.Size} downloaded={last.Downloaded} checking_seen={checkingSeen}"));
                    return;
                }

                if (last?.State == TorrentState.Error)
                {
                    throw new InvalidOperationException($"torrent error: {last.Error}");
                }

                await Task.Delay(50).ConfigureAwait(false);
            }

            throw new TimeoutException($"not seeding after {timeout.TotalSeconds} s: {last}");
        }
        finally
        {
            await StopAsync(engine, store).ConfigureAwait(false);
        }
    }

    // The SHA-1 ceiling: one thread, 256 KiB reads, the same files (warm in the page cache when run after a download).
    private static void Sha1(string dir)
    {
        var buffer = new byte[256 * 1024];
        long total = 0;
        var clock = Stopwatch.StartNew();
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA1);
        foreach (var path in Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            using var file = File.OpenRead(path);
            int read;
            while ((read = file.Read(buffer)) > 0)
            {
                sha.AppendData(buffer.AsSpan(0, read));
                total += read;
            }
        }

        _ = sha.GetHashAndReset();
        Console.WriteLine(FormattableString.Invariant($"sha1 seconds={clock.Elapsed.TotalSeconds:F2} bytes={total}"));
    }

    // Loads every .torrent of a folder (data present, so each checks then seeds), waits until all seed, lets the
    // engine settle, then reads its own memory from /proc. MaxActive is the count so none waits in the queue.
    private static async Task MemoryAsync(string torrentsDir, string downloads, string storeDir, TimeSpan timeout)
    {
        var torrents = Directory.GetFiles(torrentsDir, "*.torrent").Order(StringComparer.Ordinal).ToArray();
        var (engine, store) = await StartAsync(downloads, storeDir, Math.Max(4, torrents.Length)).ConfigureAwait(false);
        try
        {
            foreach (var path in torrents)
            {
                var bytes = await File.ReadAllBytesAsync(path).ConfigureAwait(false);
                await engine.AddAsync(new TorrentAddRequest { Metainfo = bytes }, CancellationToken.None).ConfigureAwait(false);
            }

            var clock = Stopwatch.StartNew();
            while (engine.List().Any(t => t.State is not (TorrentState.Seeding or TorrentState.Finished)))
            {
                if (clock.Elapsed > timeout)
                {
                    var stuck = engine.List().First(t => t.State is not (TorrentState.Seeding or TorrentState.Finished));
                    throw new TimeoutException($"not all seeding after {timeout.TotalSeconds} s, e.g. {stuck}");
                }

                await Task.Delay(100).ConfigureAwait(false);
            }

            // Settle: let housekeeping run and the GC compact what loading left, as an idle box would.
            await Task.Delay(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            await Task.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            var (rss, dirty) = ReadMemory();
            Console.WriteLine(FormattableString.Invariant($"memory torrents={engine.List().Count} rss_kb={rss} private_dirty_kb={dirty}"));
        }
        finally
        {
            await StopAsync(engine, store).ConfigureAwait(false);
        }
    }

    private static (long Rss, long PrivateDirty) ReadMemory()
    {
        long rss = 0, dirty = 0;
        foreach (var line in File.ReadLines("/proc/self/smaps_rollup"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && parts[0] == "Rss:")
            {
                rss = long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
            else if (parts.Length >= 2 && parts[0] == "Private_Dirty:")
            {
                dirty = long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return (rss, dirty);
    }
}
