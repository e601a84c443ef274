using HomeTelco.Torrent.Bencoding;

namespace HomeTelco.Torrent.Metainfo;

/// <summary>Bounds on what a torrent may describe, so a hostile file costs little memory and cannot break arithmetic.</summary>
internal static class MetainfoLimits
{
    /// <summary>Largest .torrent file accepted (the info dictionary plus v2 piece layers and the rest).</summary>
    public const int MaxTorrentFileBytes = 64 * 1024 * 1024;

    /// <summary>Largest info dictionary (what ut_metadata would have to carry).</summary>
    public const int MaxInfoBytes = 16 * 1024 * 1024;

    public const int MinPieceLength = 16 * 1024;
    public const int MaxPieceLength = 64 * 1024 * 1024;
    public const int MaxFiles = 100_000;
    public const int MaxPieces = 1 << 22;

    /// <summary>64 TiB: far beyond any home download, far below anything that could overflow.</summary>
    public const long MaxTotalLength = 1L << 46;

    /// <summary>
    /// Decoder bounds for metainfo: strict key order; deep enough for a v2 file tree 64 folders deep; enough
    /// values for <see cref="MaxFiles"/> files of a few values each.
    /// </summary>
    public static BencodeLimits Bencode { get; } = new(MaxDepth: 72, MaxItems: 1_000_000, MaxStringLength: MaxInfoBytes);
}
