using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HomeTelco.Core.Store;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.Torrent.Bencoding;
using HomeTelco.Torrent.Engine;
using HomeTelco.Torrent.Metainfo;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// A small loopback swarm for engine tests: a multi-file torrent made by mktorrent, the real opentracker, real
/// aria2c and transmission-cli processes on their own loopback addresses, and our engine with its own store.
/// Every process is killed (with its children) when the fixture is disposed.
/// </summary>
internal sealed class SwarmFixture : IAsyncDisposable
{
    private readonly List<Process> _processes = [];
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly Dictionary<Process, ProcessOutput> _outputs = [];

    public SwarmFixture()
    {
        Work = new TempFolder();
    }

    public TempFolder Work { get; }

    /// <summary>Folder holding the torrent's content folder (what a seeder is pointed at).</summary>
    public string SeedDir => Work.File("seed");

    public string TorrentPath => Work.File("content.torrent");

    public const string Name = "content";

    public TorrentMetainfo Metainfo { get; private set; } = null!;

    public int TrackerPort { get; private set; }

    /// <summary>Three files of awkward sizes (one empty, one not a multiple of the piece) in a folder, and its torrent.</summary>
    /// <param name="totalKib">Content size.</param>
    /// <param name="pieceExponent">Piece length as a power of two.</param>
    /// <param name="webSeeds">BEP 19 url-list entries to put in the torrent.</param>
    /// <param name="withTracker">False: no announce URL and no opentracker (a torrent only web seeds can serve).</param>
    /// <param name="tiersBefore">BEP 12 tiers (comma-separated announce URLs each) listed before opentracker's.</param>
    public async Task CreateAsync(int totalKib = 3_000, int pieceExponent = 15, IReadOnlyList<string>? webSeeds = null, bool withTracker = true, IReadOnlyList<string>? tiersBefore = null)
    {
        var content = Path.Combine(SeedDir, Name);
        Directory.CreateDirectory(Path.Combine(content, "sub"));
        var random = new Random(11);
        Write(Path.Combine(content, "a.bin"), (totalKib * 1024 / 2) + 1234, random);
        Write(Path.Combine(content, "sub", "b.bin"), (totalKib * 1024 / 2) - 1234 + 77, random);
        Write(Path.Combine(content, "sub", "empty.txt"), 0, random);
        TrackerPort = Trackers.OpenTracker.FreeTcpAndUdpPort();
        string[] sources =
        [
            .. (tiersBefore ?? []).SelectMany(t => new[] { "-a", t }),
            .. withTracker ? ["-a", $"http://127.0.0.1:{TrackerPort}/announce"] : Array.Empty<string>(),
            .. (webSeeds ?? []).SelectMany(w => new[] { "-w", w }),
        ];
        await RunAsync("mktorrent", [.. sources, "-l", pieceExponent.ToString(CultureInfo.InvariantCulture), "-o", TorrentPath, content]);
        Metainfo = TorrentMetainfo.Parse(await File.ReadAllBytesAsync(TorrentPath));
        if (!withTracker)
        {
            return;
        }

        await File.WriteAllTextAsync(Work.File("whitelist"), Metainfo.WireHash.ToHex() + "\n");
        await File.WriteAllTextAsync(Work.File("opentracker.conf"), $"access.whitelist {Work.File("whitelist")}\n");
        var port = TrackerPort.ToString(CultureInfo.InvariantCulture);
        Start("opentracker", "-i", "127.0.0.1", "-p", port, "-P", port, "-f", Work.File("opentracker.conf"));
        await WaitForTcpAsync(TrackerPort);
    }

    /// <summary>aria2c seeding the content from <see cref="SeedDir"/> on <paramref name="address"/>.</summary>
    public Process StartAria2Seeder(string address) => StartAria2Seeder(address, SeedDir, "-V");

    /// <summary>
    /// aria2c seeding from <paramref name="dir"/> with <paramref name="options"/> added: "-V" to check the content
    /// first, an upload limit to slow a download down, or "--check-integrity=false" to seed a tampered copy unchecked.
    /// </summary>
    public Process StartAria2Seeder(string address, string dir, params string[] options) =>
        Start("aria2c", [.. Aria2Common(address, Work.File("aria2-seed-state-" + address)), .. options, "--seed-ratio=0.0", "--bt-seed-unverified=true", $"--dir={dir}", TorrentPath]);

    /// <summary>aria2c downloading the torrent into <paramref name="dir"/> and exiting when done.</summary>
    public Process StartAria2Leecher(string address, string dir) =>
        Start("aria2c", [.. Aria2Common(address, Work.File("aria2-leech-state")), "--seed-time=0", $"--dir={dir}", TorrentPath]);

    /// <summary>transmission-cli seeding (<paramref name="dir"/> holds the content) or downloading into <paramref name="dir"/>.</summary>
    public Process StartTransmission(string address, string dir)
    {
        var config = Work.File("transmission-" + address);
        Directory.CreateDirectory(config);
        var port = BoxProcess.FreePort();
        TransmissionSettings.Write(config, address, port, messageLevel: 3);
        return Start("transmission-cli", "-g", config, "-w", dir, "-p", port.ToString(CultureInfo.InvariantCulture), TorrentPath);
    }

    /// <summary>
    /// Waits until the tracker lists at least <paramref name="peers"/> peers (seeds and leechers) for the torrent:
    /// a leecher started first has announced, so a seeder added after it learns of it from its own first announce.
    /// </summary>
    public async Task WaitForTrackerPeersAsync(int peers, TimeSpan timeout)
    {
        var hash = string.Concat(Metainfo.WireHash.ToArray().Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture)));
        using var http = new HttpClient();
        var stopwatch = Stopwatch.StartNew();
        var listed = 0L;
        while (stopwatch.Elapsed < timeout)
        {
            var body = await http.GetByteArrayAsync(new Uri($"http://127.0.0.1:{TrackerPort}/scrape?info_hash={hash}"));
            if (Bencode.TryDecode(body, BencodeLimits.Default, out var root, out _) && root is BDictionary scrape
                && scrape["files"] is BDictionary files && files.Entries.Count == 1 && files.Entries[0].Value is BDictionary counts)
            {
                listed = (counts["complete"] as BInteger)?.Value + (counts["incomplete"] as BInteger)?.Value ?? 0;
                if (listed >= peers)
                {
                    return;
                }
            }

            await Task.Delay(100);
        }

        Assert.Fail($"the tracker listed {listed} peers after {timeout.TotalSeconds} s; expected {peers}");
    }

    /// <summary>Our engine with its own store, listening on 127.0.0.1, DHT and local discovery off, writing into <paramref name="downloads"/>.</summary>
    public async Task<TorrentEngine> StartEngineAsync(string downloads, string storeDir, int maxActive = 4, string? incomplete = null)
    {
        Directory.CreateDirectory(storeDir);
        var store = HomeStore.Open(storeDir);
        var engine = new TorrentEngine(
            new TorrentEngineOptions
            {
                ListenAddress = IPAddress.Loopback,
                Port = 0,
                DownloadsDir = downloads,
                IncompleteDir = incomplete,
                DhtEnabled = false,
                LocalDiscovery = false,
                MaxActiveTorrents = maxActive,
                DiskCacheMb = 4,
            },
            store,
            null,
            TimeProvider.System,
            Environment.GetEnvironmentVariable("HT_TEST_LOG") is null ? NullLoggerFactory.Instance : LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug)));
        _owned.Add(new EngineHandle(engine, store));
        await engine.StartAsync(CancellationToken.None);
        await engine.Started.WaitAsync(TimeSpan.FromSeconds(20));
        return engine;
    }

    /// <summary>Stops an engine this fixture started, as the box does at shutdown, and closes its store.</summary>
    public async Task StopEngineAsync(TorrentEngine engine)
    {
        var handle = _owned.OfType<EngineHandle>().Single(h => h.Engine == engine);
        _owned.Remove(handle);
        await handle.DisposeAsync();
    }

    /// <summary>The store an engine this fixture started writes to.</summary>
    public HomeStore StoreOf(TorrentEngine engine) => _owned.OfType<EngineHandle>().Single(h => h.Engine == engine).Store;

    /// <summary>Waits until the torrent reaches <paramref name="state"/>; fails with the last view and the peers' output.</summary>
    public static Task WaitForStateAsync(TorrentEngine engine, string id, TorrentState state, TimeSpan timeout) =>
        WaitForAsync(engine, id, d => d.Summary.State == state, $"reach {state}", timeout);

    /// <summary>Polls the torrent's details until <paramref name="done"/> holds and returns them; fails with the last view.</summary>
    public static async Task<TorrentDetails> WaitForAsync(TorrentEngine engine, string id, Func<TorrentDetails, bool> done, string what, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        TorrentDetails? details = null;
        while (clock.Elapsed < timeout)
        {
            details = engine.Find(id);
            if (details is not null && done(details))
            {
                return details;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Torrent did not {what} in {timeout.TotalSeconds} s: {details?.Summary}; peers [{string.Join(", ", details?.Peers.Select(p => p.Address) ?? [])}]; "
            + $"hash failures {details?.HashFailures}, banned [{string.Join(", ", details?.BannedPeers ?? [])}]");
    }

    /// <summary>Asserts every file of the torrent under <paramref name="root"/> equals the seed's, byte for byte.</summary>
    public void AssertSameContent(string root)
    {
        foreach (var file in Metainfo.Files.Where(f => !f.IsPadding))
        {
            var expected = Path.Combine(SeedDir, file.Path);
            var actual = Path.Combine(root, file.Path);
            Assert.True(File.Exists(actual), $"{file.Path} is missing under {root}");
            Assert.True(File.ReadAllBytes(expected).AsSpan().SequenceEqual(File.ReadAllBytes(actual)), $"{file.Path} differs");
        }
    }

    /// <summary>Polls until the content under <paramref name="root"/> equals the seed's (for leechers that do not report).</summary>
    /// <remarks>
    /// <paramref name="emptyFilesMayBeMissing"/> is for Transmission 3.00, which never creates zero-length files; every
    /// file with content must still be there and identical.
    /// </remarks>
    public async Task WaitForSameContentAsync(string root, TimeSpan timeout, Func<string> diagnostics, bool emptyFilesMayBeMissing = false)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Metainfo.Files.Where(f => !f.IsPadding && !(emptyFilesMayBeMissing && f.Length == 0)).All(f =>
                File.Exists(Path.Combine(root, f.Path))
                && new FileInfo(Path.Combine(root, f.Path)).Length == f.Length
                && File.ReadAllBytes(Path.Combine(SeedDir, f.Path)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(root, f.Path)))))
            {
                return;
            }

            await Task.Delay(500);
        }

        var present = Directory.Exists(root) ? string.Join(", ", Directory.GetFiles(root, "*", SearchOption.AllDirectories).Select(f => $"{Path.GetRelativePath(root, f)} ({new FileInfo(f).Length})")) : "(none)";
        throw new TimeoutException($"Content under {root} did not match the seed within {timeout.TotalSeconds} s; files there: {present}.\n{diagnostics()}");
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        foreach (var process in _processes)
        {
            await ProcessStop.KillAndDisposeAsync(process);
        }

        Work.Dispose();
    }

    public Process Start(string program, params string[] args)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = Work.Path;
        var process = Process.Start(info) ?? throw new InvalidOperationException($"{program} is missing: bash .ci/run installs it");
        _outputs[process] = new ProcessOutput(process);
        _processes.Add(process);
        return process;
    }

    /// <summary>What <paramref name="process"/> has printed so far (for failure messages).</summary>
    public string OutputOf(Process process) => _outputs.TryGetValue(process, out var output) ? output.Text : "";

    private static string[] Aria2Common(string address, string stateDir)
    {
        Directory.CreateDirectory(stateDir);
        return
        [
            "--no-conf=true", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false",
            "--bt-tracker-interval=2", "--summary-interval=0", "--console-log-level=warn", "--file-allocation=none",
            $"--listen-port={BoxProcess.FreePort()}", $"--interface={address}", $"--dht-file-path={Path.Combine(stateDir, "dht.dat")}",
        ];
    }

    private static void Write(string path, int length, Random random)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        File.WriteAllBytes(path, bytes);
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(program, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await output}{await error}");
    }

    private static async Task WaitForTcpAsync(int port)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(15))
            {
                await Task.Delay(50);
            }
        }
    }

    private sealed class EngineHandle(TorrentEngine engine, HomeStore store) : IAsyncDisposable
    {
        public TorrentEngine Engine => engine;

        public HomeStore Store => store;

        public async ValueTask DisposeAsync()
        {
            await engine.StopAsync(CancellationToken.None);
            engine.Dispose();
            store.Dispose();
        }
    }
}
