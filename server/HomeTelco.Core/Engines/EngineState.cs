namespace HomeTelco.Core.Engines;

/// <summary>How an engine is doing, as the dashboard and /healthz show it.</summary>
public enum EngineState
{
    /// <summary>Working normally.</summary>
    Ready,

    /// <summary>Running, but something needs attention (the status message says what).</summary>
    Degraded,

    /// <summary>Still starting.</summary>
    Starting,

    /// <summary>Not part of this build yet: the area says so plainly.</summary>
    NotBuilt,
}
