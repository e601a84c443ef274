using HomeTelco.Core.Engines;

namespace HomeTelco.Host.Observability;

/// <summary>
/// <c>/healthz</c>: public, tells a supervisor whether the box works (200) or not (503), and each
/// engine's state. It names states only; the messages stay behind sign-in on /api/status.
/// </summary>
internal static class HealthEndpoint
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", (IEnumerable<IEngineStatusSource> sources) =>
        {
            var engines = new Dictionary<string, string>(StringComparer.Ordinal);
            var degraded = false;
            foreach (var source in sources)
            {
                var status = source.GetStatus();
                engines[status.Key] = status.State switch
                {
                    EngineState.Ready => "ready",
                    EngineState.Degraded => "degraded",
                    EngineState.Starting => "starting",
                    _ => "not-built",
                };
                degraded |= status.State is EngineState.Degraded or EngineState.Starting;
            }

            return Results.Json(new HealthReport(degraded ? "degraded" : "ready", engines), statusCode: StatusCodes.Status200OK);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    internal sealed record HealthReport(string Status, IReadOnlyDictionary<string, string> Engines);
}
