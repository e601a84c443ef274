namespace HomeTelco.Core.Engines;

/// <summary>One engine's tile: its state, one line of explanation and a few key figures.</summary>
/// <param name="Key">Stable id used in URLs and metrics ("store", "sip", "torrent", ...).</param>
/// <param name="Title">Name shown on the tile.</param>
/// <param name="State">Ready, degraded, starting or not built.</param>
/// <param name="Message">One sentence a person understands.</param>
/// <param name="Figures">Key figures, label to value, in display order.</param>
public sealed record EngineStatus(string Key, string Title, EngineState State, string Message, IReadOnlyList<KeyValuePair<string, string>> Figures);
