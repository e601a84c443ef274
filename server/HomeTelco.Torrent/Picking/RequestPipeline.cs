namespace HomeTelco.Torrent.Picking;

/// <summary>
/// How many block requests to keep outstanding with one peer: enough to cover its rate for the target latency so the
/// link never idles between a block and the next request, no more so a slow peer does not hoard blocks.
/// </summary>
internal static class RequestPipeline
{
    /// <summary>Depth never goes below this: a new peer has no measured rate yet, and two keeps even a slow link busy.</summary>
    public const int MinDepth = 2;

    /// <summary>libtorrent's default cap, and the reqq most clients advertise.</summary>
    public const int MaxDepth = 250;

    /// <summary>
    /// <paramref name="bytesPerSecond"/> × <paramref name="latency"/> / 16 KiB, between <see cref="MinDepth"/> and
    /// <see cref="MaxDepth"/>, and never above the peer's advertised <paramref name="peerReqq"/> (BEP 10 "reqq").
    /// </summary>
    public static int Depth(long bytesPerSecond, TimeSpan latency, int peerReqq)
    {
        var inFlight = Math.Max(0, bytesPerSecond) * Math.Max(0, latency.TotalSeconds);
        var blocks = Math.Ceiling(inFlight / Storage.TorrentLayout.BlockSize);
        var depth = (int)Math.Clamp(blocks, MinDepth, MaxDepth);
        return Math.Min(depth, Math.Max(1, peerReqq));
    }
}
