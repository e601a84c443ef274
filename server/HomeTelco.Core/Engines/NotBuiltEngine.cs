namespace HomeTelco.Core.Engines;

/// <summary>A tile for an engine that is not part of this build yet, so its area says so plainly.</summary>
public sealed class NotBuiltEngine(string key, string title, string promise) : IEngineStatusSource
{
    public EngineStatus GetStatus() => new(key, title, EngineState.NotBuilt, $"Not built yet: {promise}", []);

    public IEnumerable<EngineMetric> GetMetrics() => [];
}
