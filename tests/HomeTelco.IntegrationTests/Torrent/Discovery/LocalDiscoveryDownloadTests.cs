using System.Diagnostics;
using System.Globalization;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.IntegrationTests.Torrent.Trackers;

namespace HomeTelco.IntegrationTests.Torrent.Discovery;

/// <summary>
/// The whole box, as an owner runs it (local discovery on by default), finds a seeder through BEP 14 alone: the torrent's
/// tracker does not exist and the DHT is off, so the only way to aria2c is hearing its announce on the LAN group. Both
/// run in a network namespace with loopback alone, so the multicast reaches nothing else.
/// </summary>
public sealed class LocalDiscoveryDownloadTests
{
    private const int AriaPort = 7110;
    private const int BoxTorrentPort = 7210;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Box_downloads_from_a_seeder_it_heard_of_only_through_local_discovery()
    {
        await using var netns = await NetNamespace.CreateAsync(TimeSpan.FromMinutes(3));
        using var folder = new TempFolder();
        var (_, torrent) = Aria2Seeder.MakeTorrent(folder, new Uri("http://127.0.0.1:9/announce"));
        var data = folder.File("box-data");
        Directory.CreateDirectory(Path.Combine(data, "watch"));
        File.Copy(torrent, Path.Combine(data, "watch", "payload.torrent"));

        // The box first, with the torrent waiting in its watch folder: it joins the group, then aria2c's announce at
        // start reaches it (and its own announce, once the torrent starts, reaches aria2c).
        using var box = netns.Start(PublishedBox.Executable, [
            "run", "--data", data, "--http-port", "18080", "--https-port", "0", "--sip-port", "0", "--sips-port", "0",
            "--torrent-port", BoxTorrentPort.ToString(CultureInfo.InvariantCulture), "--Torrent:Dht", "false", "--listen", "127.0.0.1"]);
        box.StandardInput.Close();
        var boxOutput = new ProcessOutput(box);
        using var aria = netns.Start("aria2c", [
            "-V", "--seed-ratio=0.0", "--bt-seed-unverified=true", "--enable-dht=false", "--enable-dht6=false", "--enable-peer-exchange=false",
            "--bt-enable-lpd=true", "--bt-lpd-interface=127.0.0.1", $"--listen-port={AriaPort.ToString(CultureInfo.InvariantCulture)}",
            "--no-conf=true", "--summary-interval=0", "--console-log-level=notice", $"--dir={Path.Combine(folder.Path, "data")}", torrent]);
        aria.StandardInput.Close();
        var ariaOutput = new ProcessOutput(aria);
        try
        {
            var expected = await File.ReadAllBytesAsync(Path.Combine(folder.Path, "data", "payload.bin"));
            var downloaded = Path.Combine(data, "downloads", "payload.bin");
            var stopwatch = Stopwatch.StartNew();
            while (!(File.Exists(downloaded) && (await File.ReadAllBytesAsync(downloaded)).AsSpan().SequenceEqual(expected)))
            {
                Assert.True(
                    stopwatch.Elapsed < Deadline,
                    $"the box did not download from aria2c found by local discovery.\nbox:\n{boxOutput.Text}\naria2c:\n{ariaOutput.Text}");
                Assert.False(box.HasExited, "the box stopped:\n" + boxOutput.Text);
                await Task.Delay(200);
            }
        }
        finally
        {
            await ProcessStop.KillAndDisposeAsync(aria);
            await ProcessStop.KillAndDisposeAsync(box);
        }
    }
}
