using HomeTelco.Core.Engines;

namespace HomeTelco.Host.Api;

/// <summary>Every engine's tile, for the dashboard and for scripts.</summary>
internal static class StatusEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/status", (IEnumerable<IEngineStatusSource> sources) => sources.Select(s => s.GetStatus()))
            .WithTags("Status");
    }
}
