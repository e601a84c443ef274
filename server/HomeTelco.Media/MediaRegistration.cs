using HomeTelco.Core;
using HomeTelco.Core.Engines;
using HomeTelco.Core.Profiles;
using HomeTelco.Core.Store;
using HomeTelco.Media.Artwork;
using HomeTelco.Media.Catalog;
using HomeTelco.Media.Libraries;
using HomeTelco.Media.Scanning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace HomeTelco.Media;

/// <summary>How the host adds the media library: catalog, libraries, scanner, artwork, the tile.</summary>
public static class MediaRegistration
{
    /// <param name="builder">The host being composed.</param>
    /// <param name="ffmpeg">The ffmpeg executable (name on PATH or full path).</param>
    /// <param name="ffprobe">The ffprobe executable.</param>
    public static IHostApplicationBuilder AddMedia(this IHostApplicationBuilder builder, string ffmpeg = "ffmpeg", string ffprobe = "ffprobe")
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var tools = MediaToolPaths.Default with { Ffmpeg = ffmpeg, Ffprobe = ffprobe };
        services.AddSingleton(tools);
        services.AddSingleton(sp => new MediaCatalog(sp.GetRequiredService<HomeStore>()));
        services.AddSingleton(sp => new MediaProber(tools));
        services.AddSingleton(sp => new ArtworkStore(sp.GetRequiredService<BoxPaths>(), tools));
        services.AddSingleton(sp => new MediaArtwork(sp.GetRequiredService<ArtworkStore>()));
        services.AddSingleton(sp => new MediaLibraryService(
            sp.GetRequiredService<MediaCatalog>(), sp.GetRequiredService<BoxPaths>(), sp.GetRequiredService<ArtworkStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MediaLibraryService>>()));
        services.AddSingleton(sp => new LibraryScanner(
            sp.GetRequiredService<MediaCatalog>(), sp.GetRequiredService<MediaProber>(), sp.GetRequiredService<ArtworkStore>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LibraryScanner>>()));
        services.AddSingleton<IEngineStatusSource>(sp => new MediaStatusSource(
            sp.GetRequiredService<MediaCatalog>(), sp.GetRequiredService<MediaLibraryService>(), sp.GetRequiredService<MediaProber>(),
            sp.GetRequiredService<LibraryScanner>()));
        services.AddHostedService(sp => new MediaEngine(
            sp.GetRequiredService<MediaCatalog>(), sp.GetRequiredService<MediaLibraryService>(), sp.GetRequiredService<LibraryScanner>(),
            sp.GetRequiredService<ProfileService>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<MediaEngine>>()));
        return builder;
    }
}
