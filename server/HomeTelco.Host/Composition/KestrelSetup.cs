using System.Net;
using HomeTelco.Core;
using HomeTelco.Core.Security;
using HomeTelco.Host.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HomeTelco.Host.Composition;

/// <summary>Listeners and limits of the web server: tight enough that a hostile client cannot tie it up.</summary>
internal static class KestrelSetup
{
    public static void Configure(KestrelServerOptions kestrel, BoxOptions options)
    {
        kestrel.AddServerHeader = false;
        var limits = kestrel.Limits;
        limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        limits.MaxRequestHeadersTotalSize = 32 * 1024;
        limits.MaxRequestHeaderCount = 64;
        limits.MaxRequestLineSize = 8 * 1024;
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(15);
        limits.KeepAliveTimeout = TimeSpan.FromMinutes(2);
        limits.MaxConcurrentConnections = 512;
        limits.MaxConcurrentUpgradedConnections = 256;

        if (options.HttpPort > 0)
        {
            Listen(kestrel, options.ListenAddress, options.HttpPort, null);
        }

        if (options.HttpsPort > 0)
        {
            var certificate = BoxCertificate.LoadOrCreate(new BoxPaths(options.DataDir), options.BoxName, TimeProvider.System);
            Listen(kestrel, options.ListenAddress, options.HttpsPort, l => l.UseHttps(certificate));
        }
    }

    private static void Listen(KestrelServerOptions kestrel, IPAddress? address, int port, Action<ListenOptions>? configure)
    {
        configure ??= _ => { };
        if (address is null)
        {
            kestrel.ListenAnyIP(port, configure);
        }
        else
        {
            kestrel.Listen(address, port, configure);
        }
    }
}
