namespace HomeTelco.Media.Scanning;

/// <summary>Where ffmpeg and ffprobe are and how long a probe may take.</summary>
/// <param name="Ffmpeg">ffmpeg executable (a name found on PATH or a full path).</param>
/// <param name="Ffprobe">ffprobe executable.</param>
/// <param name="ProbeTimeout">Longest one ffprobe or artwork run may take before it is killed.</param>
internal sealed record MediaToolPaths(string Ffmpeg, string Ffprobe, TimeSpan ProbeTimeout)
{
    public static MediaToolPaths Default { get; } = new("ffmpeg", "ffprobe", TimeSpan.FromSeconds(30));
}
