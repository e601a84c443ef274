using HomeTelco.Torrent.Engine;
using HomeTelco.Torrent.Picking;
using HomeTelco.Torrent.Storage;

namespace HomeTelco.Torrent.WebSeeds;

/// <summary>
/// One web seed of one torrent as the session sees it: a source that has every piece and never chokes, with its own
/// standing in the picker, its rate, its back-off and its hash strikes. The session's lock guards everything here
/// except <see cref="Down"/> (thread-safe) and <see cref="Fetcher"/> (stateless).
/// </summary>
internal sealed class WebSeedSource
{
    /// <summary>Requests in flight at once to one seed.</summary>
    public const int MaxInFlight = 2;

    /// <summary>Pieces from it that failed their hash check before it is dropped for the session.</summary>
    public const int MaxHashFailures = 2;

    /// <summary>
    /// Blocks per request: the picker caps a source at <see cref="RequestPipeline.MaxDepth"/> blocks in flight, shared
    /// by <see cref="MaxInFlight"/> requests; 2 MiB per request keeps even a fast server busy.
    /// </summary>
    public const int MaxBlocksPerRequest = RequestPipeline.MaxDepth / MaxInFlight;

    public WebSeedSource(string url, WebSeedFetcher fetcher, PickerPeer picker, int blocksPerPiece, TimeProvider time)
    {
        Url = url;
        Fetcher = fetcher;
        Picker = picker;
        Backoff = new WebSeedBackoff(time);
        // Whole pieces where they fit, and at least 1 MiB (several small pieces) per request.
        BlocksPerRequest = Math.Min(MaxBlocksPerRequest, Math.Max(blocksPerPiece, (1024 * 1024) / TorrentLayout.BlockSize));
        PickBuffer = new BlockRequest[BlocksPerRequest];
        // The picker sizes a source's queue from its rate; a web seed's queue is sized here instead, so it is told
        // a rate that lets the depth reach the cap and is limited by MaxRequests alone.
        picker.MaxRequests = BlocksPerRequest * MaxInFlight;
        picker.DownloadRate = long.MaxValue / 4;
    }

    /// <summary>The seed's URL as the torrent gave it.</summary>
    public string Url { get; }

    public WebSeedFetcher Fetcher { get; }

    public PickerPeer Picker { get; }

    public WebSeedBackoff Backoff { get; }

    public RateMeter Down { get; } = new();

    /// <summary>Blocks asked for in one request.</summary>
    public int BlocksPerRequest { get; }

    /// <summary>Scratch space for the picker's choice (reused under the session's lock).</summary>
    public BlockRequest[] PickBuffer { get; }

    public int InFlight { get; set; }

    /// <summary>Pieces it contributed to that failed their hash check.</summary>
    public int HashFailures { get; set; }

    /// <summary>True once dropped for bad data: never asked again in this session.</summary>
    public bool Dropped { get; set; }

    /// <summary>Why the last request failed, for the sources view.</summary>
    public string? LastError { get; set; }
}
