using System.Net;

namespace HomeTelco.Torrent.WebSeeds;

/// <summary>
/// The one HttpClient every web seed of every torrent shares: pooled connections, a few per server, recycled so DNS
/// changes are seen; no proxy from the environment, no cookies, no compression (ranges are of the stored bytes), at
/// most three redirects; a timeout on connecting and on the response headers (bodies have their own, per range).
/// </summary>
internal static class WebSeedHttp
{
    /// <summary>Connections to one server at once, across all torrents.</summary>
    public const int MaxConnectionsPerServer = 4;

    /// <summary>The shared client.</summary>
    public static HttpClient Shared { get; } = Create();

    private static HttpClient Create()
    {
#pragma warning disable CA2000 // The handler lives as long as the process-wide client that owns it.
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = MaxConnectionsPerServer,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AllowAutoRedirect = true,
            MaxAutomaticRedirections = 3,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
        };
#pragma warning restore CA2000
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("HomeTelco/1.0");
        return client;
    }
}
