namespace HomeTelco.Core.Engines;

/// <summary>
/// Implemented by every engine (registered in DI as one of many) to feed the dashboard tile,
/// /healthz and /metrics without the host knowing the engine's internals.
/// </summary>
public interface IEngineStatusSource
{
    /// <summary>The engine's tile, computed now; cheap enough to call on every dashboard refresh.</summary>
    EngineStatus GetStatus();

    /// <summary>Counters and gauges in Prometheus text form: name (already prefixed <c>hometelco_</c>), value, help, type.</summary>
    IEnumerable<EngineMetric> GetMetrics();
}

/// <summary>One metric sample for /metrics.</summary>
/// <param name="Name">Metric name, e.g. <c>hometelco_users</c>.</param>
/// <param name="Value">The value.</param>
/// <param name="Help">One line of HELP text.</param>
/// <param name="Type">"gauge" or "counter".</param>
public sealed record EngineMetric(string Name, double Value, string Help, string Type = "gauge");
