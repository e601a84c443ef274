namespace HomeTelco.Torrent.Metainfo;

/// <summary>Which BitTorrent protocol versions a torrent's info dictionary serves.</summary>
public enum TorrentVersion
{
    /// <summary>BEP 3: SHA-1 piece hashes, a flat file list.</summary>
    V1 = 1,

    /// <summary>BEP 52 only: a file tree with per-file SHA-256 merkle roots.</summary>
    V2 = 2,

    /// <summary>BEP 52 hybrid: both, describing the same bytes (v1 aligned with BEP 47 padding files).</summary>
    Hybrid = 3,
}
