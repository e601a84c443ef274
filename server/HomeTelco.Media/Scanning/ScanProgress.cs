namespace HomeTelco.Media.Scanning;

/// <summary>A snapshot of one library's scan, for the API and the portal's progress bar.</summary>
/// <param name="State">Idle, queued, scanning or offline.</param>
/// <param name="FilesSeen">Media files found by the walk so far.</param>
/// <param name="FilesToProbe">New or changed files the scan must probe (known once the walk ends).</param>
/// <param name="FilesProbed">Of those, probed so far.</param>
/// <param name="LastScanFiles">Files in the library after the last finished scan.</param>
/// <param name="LastScanSeconds">How long the last finished scan took.</param>
/// <param name="Message">A sentence about the last scan's trouble (too many files, folder gone), or null.</param>
public sealed record ScanProgress(ScanState State, int FilesSeen, int FilesToProbe, int FilesProbed, int LastScanFiles, double LastScanSeconds, string? Message)
{
    public static ScanProgress Initial { get; } = new(ScanState.Idle, 0, 0, 0, 0, 0, null);

    /// <summary>0 to 100 for the progress bar: the walk counts for nothing, probing for all of it.</summary>
    public int Percent => State != ScanState.Scanning ? 100 : FilesToProbe == 0 ? 0 : (int)(100L * FilesProbed / FilesToProbe);
}
