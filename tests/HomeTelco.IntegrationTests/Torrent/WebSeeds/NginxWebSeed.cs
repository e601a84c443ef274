using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using HomeTelco.IntegrationTests.Infrastructure;
using HomeTelco.IntegrationTests.Torrent.Engine;

namespace HomeTelco.IntegrationTests.Torrent.WebSeeds;

/// <summary>
/// The real nginx serving a swarm's work folder on 127.0.0.1 as web seeds: <c>/seed/</c> is the good content, any
/// other folder is what the test puts there (or nothing: 404); under <c>/norange/</c> nginx ignores Range headers
/// (200 with the whole file) and <c>/busy/</c> answers 503 with Retry-After: 120. Runs unprivileged-safe (its own prefix, pid, logs and
/// temp paths, daemon off) as a process of the swarm fixture, which kills it. Its access log records every request's
/// path, status and body bytes, so a test can tell what the web seed delivered.
/// </summary>
internal sealed class NginxWebSeed
{
    private readonly SwarmFixture _swarm;
    private readonly string _prefix;

    public NginxWebSeed(SwarmFixture swarm)
    {
        _swarm = swarm;
        Port = BoxProcess.FreePort();
        _prefix = swarm.Work.File("nginx");
    }

    public int Port { get; }

    private string AccessLog => Path.Combine(_prefix, "access.log");

    /// <summary>The web seed URL of <paramref name="folder"/> under the work folder (ends in "/": BEP 19 appends the torrent's name).</summary>
    public string Url(string folder) => string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{Port}/{folder}/");

    public async Task StartAsync()
    {
        Directory.CreateDirectory(_prefix);
        var p = _prefix;
        // Started as root (CI), nginx would hand its worker to "nobody", who may not read the test's temp folders.
        var user = Environment.IsPrivilegedProcess ? "user root;" : "";
        await File.WriteAllTextAsync(Path.Combine(p, "nginx.conf"), $$"""
            daemon off; worker_processes 1; pid {{p}}/nginx.pid; error_log {{p}}/error.log; {{user}}
            events { worker_connections 64; }
            http {
              log_format seed '$uri $status $body_bytes_sent';
              access_log {{p}}/access.log seed;
              sendfile on;
              client_body_temp_path {{p}}/body; proxy_temp_path {{p}}/proxy; fastcgi_temp_path {{p}}/fcgi;
              uwsgi_temp_path {{p}}/uwsgi; scgi_temp_path {{p}}/scgi;
              server {
                listen 127.0.0.1:{{Port}}; root {{_swarm.Work.Path}};
                location /norange/ { max_ranges 0; }
                location /busy/ { add_header Retry-After 120 always; return 503; }
              }
            }
            """);
        var nginx = _swarm.Start("nginx", "-e", Path.Combine(p, "error.log"), "-c", Path.Combine(p, "nginx.conf"), "-p", p);
        var clock = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (clock.Elapsed < TimeSpan.FromSeconds(15) && !nginx.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Body bytes nginx sent with success (200/206) for paths under <paramref name="folder"/>.</summary>
    public long BytesServed(string folder) =>
        Requests(folder).Where(r => r.Status is 200 or 206).Sum(r => r.Bytes);

    /// <summary>Every request logged for paths under <paramref name="folder"/>.</summary>
    public IReadOnlyList<(string Path, int Status, long Bytes)> Requests(string folder)
    {
        if (!File.Exists(AccessLog))
        {
            return [];
        }

        using var stream = new FileStream(AccessLog, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var requests = new List<(string, int, long)>();
        while (reader.ReadLine() is { } line)
        {
            var parts = line.Split(' ');
            if (parts.Length == 3 && parts[0].StartsWith($"/{folder}/", StringComparison.Ordinal))
            {
                requests.Add((parts[0], int.Parse(parts[1], CultureInfo.InvariantCulture), long.Parse(parts[2], CultureInfo.InvariantCulture)));
            }
        }

        return requests;
    }

    /// <summary>What nginx logged as errors (for failure messages).</summary>
    public string Errors() => File.Exists(Path.Combine(_prefix, "error.log")) ? File.ReadAllText(Path.Combine(_prefix, "error.log")) : "";
}
