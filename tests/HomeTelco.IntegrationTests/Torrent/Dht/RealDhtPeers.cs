using System.Diagnostics;
using System.Globalization;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Torrent.Dht;

/// <summary>
/// Real DHT nodes for interop tests: aria2c and libtorrent (through Debian's Python binding), each told of
/// loopback nodes only, with empty routing-table files, so nothing they send can leave the machine.
/// </summary>
internal sealed class RealDhtPeer : IAsyncDisposable
{
    // libtorrent seeding one torrent with DHT on, bootstrapping only from the node given, announcing every few seconds.
    private const string LibtorrentSeeder = """
        import sys, time
        import libtorrent as lt
        listen, boot, torrent, save = sys.argv[1:5]
        s = lt.session({
            'listen_interfaces': listen, 'enable_dht': True, 'enable_lsd': False, 'enable_upnp': False,
            'enable_natpmp': False, 'dht_bootstrap_nodes': boot, 'dht_restrict_routing_ips': False,
            'dht_restrict_search_ips': False, 'alert_mask': lt.alert.category_t.dht_notification})
        h = s.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save, 'flags': lt.torrent_flags.seed_mode})
        print('ready', flush=True)
        deadline = time.time() + 90
        while time.time() < deadline:
            time.sleep(3)
            h.force_dht_announce()
            for a in s.pop_alerts():
                print(a.what(), a.message(), flush=True)
        """;

    private readonly Process _process;
    private readonly TempFolder _folder;

    private RealDhtPeer(Process process, TempFolder folder)
    {
        _process = process;
        _folder = folder;
        Output = new ProcessOutput(process);
    }

    public ProcessOutput Output { get; }

    /// <summary>aria2c seeding <paramref name="torrent"/> from <paramref name="dataDir"/> with its DHT node on UDP <paramref name="dhtPort"/>.</summary>
    public static RealDhtPeer StartAria2(string torrent, string dataDir, int dhtPort, int tcpPort)
    {
        var folder = new TempFolder();
        File.WriteAllBytes(folder.File("dht.dat"), []);
        return Start(folder, "aria2c",
        [
            "--enable-dht=true", $"--dht-listen-port={Invariant(dhtPort)}", $"--dht-file-path={folder.File("dht.dat")}",
            "--enable-dht6=false", "--bt-enable-lpd=false", "--enable-peer-exchange=false", $"--listen-port={Invariant(tcpPort)}",
            "--seed-ratio=0.0", "--bt-seed-unverified=true", "--check-integrity=false", "--console-log-level=notice",
            "--summary-interval=0", $"--dir={dataDir}", torrent,
        ]);
    }

    /// <summary>libtorrent seeding <paramref name="torrent"/> on <paramref name="listen"/>, knowing only the DHT node <paramref name="bootstrap"/>.</summary>
    public static RealDhtPeer StartLibtorrent(string torrent, string saveDir, string listen, string bootstrap)
    {
        var folder = new TempFolder();
        File.WriteAllText(folder.File("seed.py"), LibtorrentSeeder);
        // Debian's python3-libtorrent is built for the system interpreter, not whatever python3 is first on PATH.
        return Start(folder, "/usr/bin/python3", [folder.File("seed.py"), listen, bootstrap, torrent, saveDir]);
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessStop.KillAndDisposeAsync(_process);
        _folder.Dispose();
    }

    private static RealDhtPeer Start(TempFolder folder, string program, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = folder.Path,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = folder.Path;
        try
        {
            return new RealDhtPeer(Process.Start(info)!, folder);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            folder.Dispose();
            throw new InvalidOperationException($"{program} is missing: bash .ci/run installs it", ex);
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
