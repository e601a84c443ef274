using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.Torrent;
using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.IntegrationTests.Torrent.Trackers;

/// <summary>
/// A small torrent made by mktorrent for a given tracker, and the real aria2c seeding it from its own loopback
/// address with DHT, LSD and PEX off, so the tracker is its only way to be found.
/// </summary>
internal sealed class Aria2Seeder : IAsyncDisposable
{
    private readonly TempFolder _folder;
    private readonly Process _process;

    private Aria2Seeder(TempFolder folder, Process process, ProcessOutput output)
    {
        _folder = folder;
        _process = process;
        Output = output;
    }

    public ProcessOutput Output { get; }

    /// <summary>Makes a one-file torrent announcing to <paramref name="announce"/> and returns its info-hash and path.</summary>
    public static (InfoHash Hash, string TorrentPath) MakeTorrent(TempFolder folder, Uri announce)
    {
        var data = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(data);
        var bytes = new byte[100_000];
        new Random(7).NextBytes(bytes);
        File.WriteAllBytes(Path.Combine(data, "payload.bin"), bytes);
        var torrent = folder.File("payload.torrent");
        CommandRun.RunToSuccess("mktorrent", ["-a", announce.ToString(), "-l", "15", "-o", torrent, Path.Combine(data, "payload.bin")], TimeSpan.FromSeconds(30));
        return (InfoHashOf(File.ReadAllBytes(torrent)), torrent);
    }

    public static Aria2Seeder Start(TempFolder folder, string torrentPath, string address, int port)
    {
        var state = new TempFolder();
        var info = new ProcessStartInfo("aria2c") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "-V", "--seed-ratio=0.0", "--bt-seed-unverified=true", "--enable-dht=false", "--enable-dht6=false", "--bt-enable-lpd=false",
            "--enable-peer-exchange=false", "--bt-tracker-interval=5", "--summary-interval=0", "--console-log-level=notice",
            $"--listen-port={port.ToString(CultureInfo.InvariantCulture)}", $"--interface={address}", $"--dir={Path.Combine(folder.Path, "data")}",
            $"--dht-file-path={state.File("dht.dat")}", "--no-conf=true", torrentPath,
        })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("aria2c is missing: bash .ci/run installs it");
        return new Aria2Seeder(state, process, new ProcessOutput(process));
    }

    public async ValueTask DisposeAsync()
    {
        await ProcessStop.KillAndDisposeAsync(_process);
        _folder.Dispose();
    }

    private static InfoHash InfoHashOf(byte[] torrent)
    {
        if (!Bencode.TryDecode(torrent, BencodeLimits.Default, out var root, out var error) || root is not BDictionary dictionary
            || dictionary["info"] is not BDictionary info)
        {
            throw new InvalidOperationException("mktorrent wrote something unreadable: " + error);
        }

#pragma warning disable CA5350 // BEP 3 names a v1 torrent by the SHA-1 of its info dictionary.
        return InfoHash.FromBytes(SHA1.HashData(info.Raw.Span));
#pragma warning restore CA5350
    }
}
