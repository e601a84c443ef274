namespace HomeTelco.Media.Streaming;

/// <summary>What the client and its link allow, decided by the host from the request.</summary>
/// <param name="MaxHeight">Highest video rung to offer; 0 for no limit (remote sessions get a lower default).</param>
/// <param name="AcceptsOpus">The client said it plays Opus (adds an Opus audio-only rung).</param>
public sealed record StreamRequest(int MaxHeight, bool AcceptsOpus)
{
    /// <summary>No ceiling, AAC only.</summary>
    public static readonly StreamRequest Default = new(0, false);
}
