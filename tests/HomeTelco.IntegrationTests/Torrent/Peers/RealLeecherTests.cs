using System.Globalization;
using System.Net;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.Torrent.Peers.Connections;
using HomeTelco.Torrent.Peers.Encryption;
using Microsoft.Extensions.Logging.Abstractions;

namespace HomeTelco.IntegrationTests.Torrent.Peers;

/// <summary>
/// The other direction: aria2c finds our <see cref="PeerListener"/> through opentracker, connects in (plaintext or
/// MSE it insists on), and downloads the whole torrent from our connections; the files must come out identical.
/// </summary>
public sealed class RealLeecherTests : IDisposable
{
    private readonly SeederProcess _tracker;
    private readonly TestTorrent _torrent;

    public RealLeecherTests()
    {
        // The info-hash does not depend on the announce URL, but the whitelist needs it before the tracker starts.
        var trackerPort = BoxProcess.FreePort();
        _torrent = TestTorrent.Create($"http://127.0.0.1:{trackerPort.ToString(CultureInfo.InvariantCulture)}/announce");
        _tracker = SeederProcess.TrackerOnPort(_torrent.InfoHash, trackerPort);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Aria2c_DownloadsTheWholeTorrent_FromOurListener(bool requireCrypto)
    {
        // aria2c always opens with MSE; under "allow" our listener selects plaintext from its offer, under "prefer" RC4.
        var options = PeerConnectionOptions.Default with { Encryption = requireCrypto ? EncryptionMode.Prefer : EncryptionMode.Allow };
        await using var serving = new ServingAcceptor(_torrent, options);
        await using var listener = new PeerListener(new IPEndPoint(IPAddress.Loopback, 0), serving, options, TimeProvider.System, NullLogger.Instance);
        listener.Start();
        await AnnounceAsync(listener.LocalEndPoint.Port);
        using var download = new TempFolder();

        using var leecher = SeederProcess.Aria2Leecher(_torrent.TorrentFile, download.Path, "127.0.0.5", requireCrypto);

        Assert.True(leecher.WaitForExit(TimeSpan.FromSeconds(90)), "aria2c did not finish:\n" + leecher.Output.Text + string.Join('\n', serving.Events));
        Assert.True(leecher.ExitCode == 0, $"aria2c exited {leecher.ExitCode}:\n{leecher.Output.Text}\n{string.Join('\n', serving.Events)}");
        Assert.Contains(serving.Events, e => e.StartsWith("accepted", StringComparison.Ordinal) && e.EndsWith($"encrypted={requireCrypto}", StringComparison.Ordinal));
        Assert.True(serving.BlocksServed >= _torrent.Shape.PieceCount * 2 - 1);
        foreach (var original in Directory.EnumerateFiles(_torrent.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(download.Path, Path.GetRelativePath(_torrent.DataDirectory, original));
            var expected = await File.ReadAllBytesAsync(original);
            var actual = await File.ReadAllBytesAsync(copy);
            Assert.True(expected.SequenceEqual(actual), $"{copy} differs");
        }
    }

    public void Dispose()
    {
        _tracker.Dispose();
        _torrent.Dispose();
    }

    // Puts our listener in the swarm by hand (the tracker client is another area's work): a BEP 3 HTTP announce.
    private async Task AnnounceAsync(int port)
    {
        var infoHash = string.Concat(_torrent.InfoHash.ToArray().Select(b => "%" + b.ToString("x2", CultureInfo.InvariantCulture)));
        var url = $"http://127.0.0.1:{_tracker.EndPoint.Port.ToString(CultureInfo.InvariantCulture)}/announce?info_hash={infoHash}&peer_id=-HT0100-testtesttest&port={port.ToString(CultureInfo.InvariantCulture)}&uploaded=0&downloaded=0&left=0&event=started&compact=1";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            try
            {
                var answer = await http.GetByteArrayAsync(new Uri(url));
                if (answer.Length > 0 && answer[0] == (byte)'d' && !System.Text.Encoding.Latin1.GetString(answer).Contains("failure", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // opentracker is still starting.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException("opentracker did not accept our announce:\n" + _tracker.Output.Text);
            }

            await Task.Delay(200);
        }
    }
}
