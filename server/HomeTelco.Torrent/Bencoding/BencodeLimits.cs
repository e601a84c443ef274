namespace HomeTelco.Torrent.Bencoding;

/// <summary>
/// Bounds on what the decoder accepts, so a hostile buffer can cost neither deep stacks nor much memory.
/// </summary>
/// <param name="MaxDepth">Most nested lists and dictionaries (the outermost counts as 1).</param>
/// <param name="MaxItems">Most values in the whole buffer (keys count too).</param>
/// <param name="MaxStringLength">Longest byte string.</param>
/// <param name="AllowUnsortedKeys">
/// Accept dictionaries whose keys are out of order or repeated (the first of a repeated key wins).
/// BEP 3 requires sorted keys and metainfo is always decoded strictly (its hash depends on the exact bytes).
/// Messages from other programs are decoded leniently: real trackers answer with unsorted keys (chihaya
/// writes "interval" and "peers" before "complete", reported in arokettu/bencode issue 2 and carl PR 76),
/// and refusing such an answer or peer message would gain nothing, since nothing is hashed from it.
/// </param>
public sealed record BencodeLimits(
    int MaxDepth = 32,
    int MaxItems = 100_000,
    long MaxStringLength = 16 * 1024 * 1024,
    bool AllowUnsortedKeys = false)
{
    /// <summary>Limits for metainfo and anything we hash: strict order, generous sizes.</summary>
    public static BencodeLimits Default { get; } = new();

    /// <summary>Limits for HTTP tracker announce and scrape responses: order not checked, 1 MiB strings.</summary>
    public static BencodeLimits TrackerResponse { get; } = new(MaxDepth: 8, MaxItems: 100_000, MaxStringLength: 1024 * 1024, AllowUnsortedKeys: true);

    /// <summary>Limits for messages from peers (extension handshake, ut_metadata, ut_pex): small, order not checked.</summary>
    public static BencodeLimits PeerMessage { get; } = new(MaxDepth: 8, MaxItems: 1_000, MaxStringLength: 64 * 1024, AllowUnsortedKeys: true);
}
