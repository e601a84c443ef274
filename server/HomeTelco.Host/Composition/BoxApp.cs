using HomeTelco.Core;
using HomeTelco.Core.Engines;
using HomeTelco.Core.Phones;
using HomeTelco.Core.Profiles;
using HomeTelco.Core.Security;
using HomeTelco.Core.Settings;
using HomeTelco.Host.Api;
using HomeTelco.Host.Auth;
using HomeTelco.Host.Configuration;
using HomeTelco.Host.Observability;
using HomeTelco.Media;
using HomeTelco.Sip;
using HomeTelco.Sip.Defence;
using HomeTelco.Torrent;
using HomeTelco.Torrent.Engine;
using HomeTelco.Web;

namespace HomeTelco.Host.Composition;

/// <summary>Builds the box: configuration, engines, authentication, API, portal. Composition only.</summary>
internal static class BoxApp
{
    public static WebApplication Build(string[] args)
    {
        // The slim builder leaves out IIS integration and HTTP/3 (QUIC), which a home box never uses
        // and which cost memory; HTTPS is added back explicitly.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(BoxApp).Assembly.GetName().Name,
        });
        builder.Configuration
            .AddEnvironmentVariables(ConfigurationKeys.EnvironmentPrefix)
            .AddCommandLine(args, ConfigurationKeys.Switches.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal));

        var options = BoxOptionsReader.Read(builder.Configuration);
        if (options.HttpPort == 0 && options.HttpsPort == 0)
        {
            throw new BoxConfigurationException("Configuration error: Ports:Http and Ports:Https are both 0; at least one web listener must be on for the portal.");
        }

        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel((context, kestrel) => KestrelSetup.Configure(kestrel, BoxOptionsReader.Read(context.Configuration)));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss ";
        });

        var services = builder.Services;
        services.AddSingleton(options);
        builder.AddBoxCore(options.DataDir);
        services.AddSingleton<IEngineStatusSource>(new NotBuiltEngine("network", "Remote access", "local discovery (mDNS), port mapping and certificates."));
        services.AddSingleton(sp => new ProfileService(
            ProfileCatalog.Load(options.ProfilesDir), MachineFacts.Read(), sp.GetRequiredService<SettingsStore>(), options.Profile));
        services.AddSingleton(sp => new BoxIdentity(sp.GetRequiredService<SettingsStore>(), options.BoxName));
        // Hosted services start in this order: the store and profile first, then the engines.
        services.AddHostedService<BoxStartup>();
        services.AddHostedService<StartupPageRelease>();
        builder.AddSip(new SipSettings
        {
            Port = options.SipPort,
            TlsPort = options.SipsPort,
            ListenAddress = options.ListenAddress,
            KeepAliveInterval = TimeSpan.FromSeconds(options.SipKeepAliveSeconds),
            DigestAlgorithms = options.SipDigestAlgorithms,
            Certificate = () => BoxCertificate.LoadOrCreate(new BoxPaths(options.DataDir), options.BoxName, TimeProvider.System),
        });
        builder.AddSipDefence(options.SipAllowlist);
        builder.AddMedia();
        builder.AddMediaStreaming(options.DataDir);
        builder.AddTorrent(new TorrentEngineOptions
        {
            Port = options.TorrentPort,
            ListenAddress = options.ListenAddress,
            DhtEnabled = options.TorrentDht,
            LocalDiscovery = options.TorrentLsd,
            DownloadsDir = options.TorrentDownloadsDir,
            WatchDir = options.TorrentWatchDir,
            IncompleteDir = options.TorrentIncompleteDir,
            DownloadLimit = options.TorrentDownloadLimit,
            UploadLimit = options.TorrentUploadLimit,
            Encryption = Enum.Parse<TorrentEncryption>(options.TorrentEncryption, ignoreCase: true),
        });
        services.AddSingleton(new PhoneSetupFacts(options.SipPort));
        services.AddSingleton<RequestCounter>();
        services.AddBoxAuth(new BoxPaths(options.DataDir));
        services.AddAntiforgery(o => o.Cookie.Name = "hometelco.af");
        services.AddProblemDetails();
        services.AddExceptionHandler<BoxExceptionHandler>();
        services.AddOpenApi();
        services.AddPortal();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseWhen(
            context => !Auth.AuthRegistration.IsMachineEndpoint(context.Request.Path),
            portal => portal.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true));

        // Routing after the status-code pages, so a re-executed request is routed to the not-found page.
        app.UseRouting();
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(30) });
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.MapStaticAssets();
        app.MapHealth();
        app.MapMetrics(options);
        app.MapBoxApi();
        app.MapSipWebSocket();
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapPortal();
        return app;
    }
}
