using HomeTelco.Core;
using HomeTelco.Core.Profiles;
using HomeTelco.Media.Live;
using HomeTelco.Media.Playback;
using HomeTelco.Media.Streaming;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace HomeTelco.Media;

/// <summary>How the host adds HLS streaming, live TV and playback links: one call.</summary>
public static class StreamingRegistration
{
    /// <param name="builder">The host being composed.</param>
    /// <param name="dataDir">The box's data folder: stream temp files go under tmp/streams, the link key under keys.</param>
    /// <param name="ffmpegPath">ffmpeg executable.</param>
    public static IHostApplicationBuilder AddMediaStreaming(this IHostApplicationBuilder builder, string dataDir, string ffmpegPath = "ffmpeg")
    {
        ArgumentNullException.ThrowIfNull(builder);
        var paths = new BoxPaths(dataDir);
        var streaming = new StreamingOptions { FfmpegPath = ffmpegPath, WorkDir = Path.Combine(paths.TempDir, "streams") };
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(streaming);
        services.AddSingleton(new LiveOptions { Streaming = streaming });
        services.AddSingleton<Func<HardwareProfile>>(sp => () => sp.GetRequiredService<ProfileService>().Active.Profile);
        services.AddSingleton<HlsStreamer>();
        services.AddSingleton<LiveStreamer>();
        services.AddSingleton(new LiveSourceFetcher(8 * 1024 * 1024, TimeSpan.FromSeconds(30)));
        services.AddSingleton<LiveSourceService>();
        services.AddHostedService<LiveSourceRefresher>();
        services.AddSingleton<PositionService>();
        services.AddSingleton(sp => StreamLinkSigner.ForBox(paths, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<HlsSweeper>();
        return builder;
    }
}
