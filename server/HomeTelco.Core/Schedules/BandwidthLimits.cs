namespace HomeTelco.Core.Schedules;

/// <summary>A download and an upload limit in bytes per second; 0 in a direction means unlimited.</summary>
public readonly record struct BandwidthLimits(long DownloadBytesPerSecond, long UploadBytesPerSecond)
{
    /// <summary>No limit either way.</summary>
    public static BandwidthLimits Unlimited => default;

    /// <summary>True when neither direction is limited.</summary>
    public bool IsUnlimited => DownloadBytesPerSecond == 0 && UploadBytesPerSecond == 0;

    /// <summary>The tighter of the two limits in each direction (an unlimited direction yields to any limit).</summary>
    public BandwidthLimits MostRestrictive(BandwidthLimits other) =>
        new(Tighter(DownloadBytesPerSecond, other.DownloadBytesPerSecond), Tighter(UploadBytesPerSecond, other.UploadBytesPerSecond));

    private static long Tighter(long a, long b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b);
}
