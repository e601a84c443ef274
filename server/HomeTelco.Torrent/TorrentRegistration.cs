using HomeTelco.Core.Engines;
using HomeTelco.Core.Profiles;
using HomeTelco.Core.Schedules;
using HomeTelco.Core.Store;
using HomeTelco.Torrent.Engine;
using HomeTelco.Torrent.Schedules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Torrent;

/// <summary>How the host adds the BitTorrent engine: one call with the validated settings.</summary>
public static class TorrentRegistration
{
    /// <param name="builder">The host being composed.</param>
    /// <param name="options">
    /// Where the engine listens and writes. A <see cref="TorrentEngineOptions.Port"/> of 0 turns the engine off:
    /// the bandwidth rules stay editable and the Downloads tile says the engine is off.
    /// The profile's limits (active torrents, peers, disk cache) replace the ones in <paramref name="options"/>.
    /// </param>
    public static IHostApplicationBuilder AddTorrent(this IHostApplicationBuilder builder, TorrentEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        var services = builder.Services;
        services.AddSingleton(sp => new BandwidthScheduleService(sp.GetRequiredService<HomeStore>()));
        services.AddSingleton<IStoreRestoreListener>(sp => sp.GetRequiredService<BandwidthScheduleService>());
        services.AddSingleton(sp => new BandwidthSchedule(sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<BandwidthScheduleService>()));
        services.AddSingleton<IBandwidthSchedule>(sp => sp.GetRequiredService<BandwidthSchedule>());
        if (options.Port == 0)
        {
            services.AddSingleton<IEngineStatusSource>(new TorrentEngineOff());
            return builder;
        }

        services.AddSingleton(sp =>
        {
            var profile = sp.GetRequiredService<ProfileService>().Active.Profile;
            var sized = options with
            {
                MaxActiveTorrents = Math.Max(1, profile.MaxActiveTorrents),
                MaxPeers = Math.Max(1, profile.MaxTorrentPeers),
                MaxPeersPerTorrent = Math.Clamp(options.MaxPeersPerTorrent, 1, Math.Max(1, profile.MaxTorrentPeers)),
                DiskCacheMb = Math.Max(1, profile.TorrentDiskCacheMb),
            };
            return new TorrentEngine(
                sized,
                sp.GetRequiredService<HomeStore>(),
                sp.GetRequiredService<IBandwidthSchedule>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>());
        });
        services.AddHostedService(sp => sp.GetRequiredService<TorrentEngine>());
        services.AddSingleton<ITorrentService>(sp => sp.GetRequiredService<TorrentEngine>());
        services.AddSingleton<IEngineStatusSource>(sp => sp.GetRequiredService<TorrentEngine>());
        return builder;
    }

    /// <summary>The Downloads tile when the torrent port is 0.</summary>
    internal sealed class TorrentEngineOff : IEngineStatusSource
    {
        public EngineStatus GetStatus() =>
            new("torrent", "Downloads", EngineState.NotBuilt, "Off: the BitTorrent engine is off (torrent port 0); set --torrent-port to turn it on.", []);

        public IEnumerable<EngineMetric> GetMetrics() => [];
    }
}
