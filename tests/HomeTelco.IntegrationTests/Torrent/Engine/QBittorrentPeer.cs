using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using HomeTelco.IntegrationTests.Infrastructure;

namespace HomeTelco.IntegrationTests.Torrent.Engine;

/// <summary>
/// The real qbittorrent-nox (libtorrent inside) in a swarm fixture: its own profile folder, peer socket on a loopback
/// address of its own, DHT, LSD, PEX, UPnP and uTP off, and its WebUI on 127.0.0.1 with localhost auth bypassed, driven
/// through Web API v2. The fixture owns (and kills) the process.
/// </summary>
internal sealed class QBittorrentPeer : IDisposable
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(30);
    private readonly SwarmFixture _swarm;
    private readonly Process _process;
    private readonly HttpClient _http;

    private QBittorrentPeer(SwarmFixture swarm, Process process, int webPort)
    {
        _swarm = swarm;
        _process = process;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/api/v2/"), Timeout = TimeSpan.FromSeconds(10) };
    }

    /// <summary>Starts qbittorrent-nox with peers on <paramref name="address"/> and waits until its Web API answers.</summary>
    public static async Task<QBittorrentPeer> StartAsync(SwarmFixture swarm, string address)
    {
        var profile = swarm.Work.File("qbittorrent-" + address);
        var config = Path.Combine(profile, "qBittorrent", "config");
        Directory.CreateDirectory(config);
        var webPort = BoxProcess.FreePort();
        var peerPort = BoxProcess.FreePort();
        // 4.5 has no --confirm-legal-notice switch: the notice is accepted in the file instead.
        await File.WriteAllTextAsync(Path.Combine(config, "qBittorrent.conf"), string.Create(CultureInfo.InvariantCulture, $"""
            [LegalNotice]
            Accepted=true

            [BitTorrent]
            Session\DHTEnabled=false
            Session\LSDEnabled=false
            Session\PeXEnabled=false
            Session\BTProtocol=TCP
            Session\Port={peerPort}
            Session\InterfaceAddress={address}
            Session\QueueingSystemEnabled=false
            Session\DefaultSavePath={swarm.Work.File("qbittorrent-default")}

            [Preferences]
            WebUI\Address=127.0.0.1
            WebUI\Port={webPort}
            WebUI\LocalHostAuth=false
            WebUI\UPnP=false
            Connection\UPnP=false
            General\Locale=en

            """));
        var process = swarm.Start("qbittorrent-nox", $"--profile={profile}", $"--webui-port={webPort}");
        var peer = new QBittorrentPeer(swarm, process, webPort);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var version = await peer._http.GetAsync(new Uri("app/version", UriKind.Relative));
                if (version.IsSuccessStatusCode)
                {
                    return peer;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                // Not listening yet.
            }

            if (process.HasExited || clock.Elapsed > StartDeadline)
            {
                peer.Dispose();
                throw new InvalidOperationException($"qbittorrent-nox's Web API did not answer within {StartDeadline.TotalSeconds} s: {swarm.OutputOf(process)}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Adds the fixture's torrent, saving into (or seeding from) <paramref name="savePath"/>; it checks existing files first.</summary>
    public async Task AddAsync(string savePath)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(await File.ReadAllBytesAsync(_swarm.TorrentPath));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/x-bittorrent");
        form.Add(file, "torrents", "content.torrent");
        form.Add(new StringContent(savePath), "savepath");
        form.Add(new StringContent("false"), "paused");
        using var response = await _http.PostAsync(new Uri("torrents/add", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode && body.Trim() == "Ok.", $"qBittorrent refused the torrent: {(int)response.StatusCode} {body}");
    }

    /// <summary>Waits until qBittorrent has the whole torrent (progress 1 and a seeding state); returns its last view.</summary>
    public async Task<JsonElement> WaitCompleteAsync(TimeSpan timeout, Func<string> diagnostics)
    {
        var clock = Stopwatch.StartNew();
        JsonElement? last = null;
        while (clock.Elapsed < timeout)
        {
            last = await InfoAsync();
            if (last is { } info && info.GetProperty("progress").GetDouble() >= 1.0
                && info.GetProperty("state").GetString() is "uploading" or "stalledUP" or "queuedUP" or "forcedUP" or "pausedUP")
            {
                return info;
            }

            await Task.Delay(300);
        }

        throw new TimeoutException($"qBittorrent did not complete in {timeout.TotalSeconds} s: {last}\n{diagnostics()}\nqbittorrent-nox: {_swarm.OutputOf(_process)}");
    }

    /// <summary>qBittorrent's view of the fixture's torrent (/api/v2/torrents/info), or null before it is added.</summary>
    public async Task<JsonElement?> InfoAsync()
    {
        var hash = _swarm.Metainfo.WireHash.ToHex();
        var list = await _http.GetFromJsonAsync<JsonElement>(new Uri($"torrents/info?hashes={hash}", UriKind.Relative));
        return list.GetArrayLength() == 0 ? null : list[0];
    }

    public void Dispose() => _http.Dispose();
}
